using System.Globalization;
using Diagnostics.Core.Domain;
using Microsoft.AspNetCore.Http;

namespace Diagnostics.Api.Pages;

/// <summary>
/// Everything the consent page says, in English and French. Plain words for people who are not technical; each value
/// is inserted by the page, which HTML-encodes it. Dates are formatted here because the hosts run with invariant
/// globalization.
/// </summary>
internal sealed class ConsentText
{
    public required string Code { get; init; }

    public required string OtherCode { get; init; }

    public required string OtherName { get; init; }

    public required string SwitchLabel { get; init; }

    public required string LanguageNav { get; init; }

    /// <summary>Between a term and its explanation: French puts a space before the colon.</summary>
    public required string Colon { get; init; }

    public required Func<string, string> Title { get; init; }

    public required string Intro { get; init; }

    public required string WhatHeading { get; init; }

    public required string WhenHeading { get; init; }

    public required Func<string, string> WhenPulled { get; init; }

    public required string WhenFromAccept { get; init; }

    public required string KeepHeading { get; init; }

    public required Func<string, string> Keep { get; init; }

    public required string WhoHeading { get; init; }

    public required string Who { get; init; }

    public required string ProtectHeading { get; init; }

    public required string Protect { get; init; }

    /// <summary>Said too when the ticket was opened with prefix-preserving IPs: what that reveals.</summary>
    public required string ProtectSubnets { get; init; }

    public required string ChooseHeading { get; init; }

    public required string CategoriesLegend { get; init; }

    public required IReadOnlyDictionary<string, (string Name, string Description)> Categories { get; init; }

    public required string SitesLegend { get; init; }

    public required string WindowLabel { get; init; }

    public required string WindowHint { get; init; }

    public required string Accept { get; init; }

    public required string Decline { get; init; }

    public required string DeclineHint { get; init; }

    public required string ChooseSomething { get; init; }

    public required string AlreadyDecided { get; init; }

    public required string SomethingWentWrong { get; init; }

    public required Func<string, string, string, string, string> Accepted { get; init; }

    public required Func<string, string> CaptureEnded { get; init; }

    public required string HeldHeading { get; init; }

    public required string NothingHeld { get; init; }

    public required string HeldCaption { get; init; }

    public required string ColumnWhat { get; init; }

    public required string ColumnSource { get; init; }

    public required string ColumnRecorded { get; init; }

    public required string ColumnLines { get; init; }

    public required string ColumnProtected { get; init; }

    public required string ColumnDeleted { get; init; }

    public required string NoIdentifierFound { get; init; }

    public required string Replaced { get; init; }

    public required string Removed { get; init; }

    public required Func<string, long, string> DetectorName { get; init; }

    public required string Download { get; init; }

    public required string DownloadHint { get; init; }

    public required string RevokeHeading { get; init; }

    public required string RevokeExplain { get; init; }

    public required string RevokeStart { get; init; }

    public required string ConfirmHeading { get; init; }

    public required string ConfirmExplain { get; init; }

    public required string ConfirmRevoke { get; init; }

    public required string Cancel { get; init; }

    public required string ErasedHeading { get; init; }

    public required Func<string, int, string, string, string> Receipt { get; init; }

    public required IReadOnlyDictionary<string, string> Reasons { get; init; }

    public required string ErasedFooter { get; init; }

    public required string AccessHeading { get; init; }

    public required string AccessCaption { get; init; }

    public required string NoAccess { get; init; }

    public required string ColumnWhen { get; init; }

    public required string ColumnWho { get; init; }

    public required string ColumnAction { get; init; }

    public required Func<string, string, string> Actor { get; init; }

    public required IReadOnlyDictionary<string, string> Actions { get; init; }

    public required Func<string, string> Outcome { get; init; }

    public required string UnknownTitle { get; init; }

    public required string UnknownExplain { get; init; }

    public required IReadOnlyList<string> Months { get; init; }

    public required string DateFormat { get; init; }

    public required Func<long, string, string, string> Units { get; init; }

    public required string DecimalSeparator { get; init; }

    public required string BytesUnit { get; init; }

    public required string KiloUnit { get; init; }

    public required string MegaUnit { get; init; }

    public static ConsentText English { get; } = new()
    {
        Code = "en",
        OtherCode = "fr",
        OtherName = "Français",
        SwitchLabel = "Lire cette page en français",
        LanguageNav = "Language",
        Colon = ": ",
        Title = ticket => $"Support diagnostics for your ticket {ticket}",
        Intro = "Our support team is working on your ticket. To find the cause faster, we would like to record some technical " +
            "data about your sites for a short time. You decide: nothing is recorded unless you accept, and you can withdraw at any time.",
        WhatHeading = "What we would record",
        WhenHeading = "When",
        WhenPulled = from => $"If you accept, we read the access logs of the sites you choose from {from} until now, so that we can see " +
            "what happened before you wrote to us. Your hosting may then send more until the end of the period you choose below.",
        WhenFromAccept = "From the moment you accept until the end of the period you choose below.",
        KeepHeading = "How long we keep it",
        Keep = retention => $"Each record is kept for {retention}, then deleted automatically. You can erase everything earlier on this page.",
        WhoHeading = "Who can see it",
        Who = "Only our support agents, and only for this ticket. Every time someone looks at it, it is recorded, and you see it on this page.",
        ProtectHeading = "How you are protected",
        Protect = "Before anything is stored, IP addresses and e-mail addresses are replaced by pseudonyms: stand-ins that stay the same " +
            "for the same address within your ticket, so an agent can follow one visitor without knowing who it is. The pseudonyms only " +
            "work for this ticket, and when the data is erased, the key behind them is destroyed.",
        ProtectSubnets = "For this ticket, the pseudonyms of IP addresses also keep their networks: addresses of the same network get " +
            "pseudonyms that begin alike, so an agent can see that two visitors came from the same network, still without knowing who they are.",
        ChooseHeading = "Your choice",
        CategoriesLegend = "What may we record?",
        Categories = new Dictionary<string, (string, string)>
        {
            [Category.Access] = ("Access logs", "the requests your sites received: date, page, status, browser."),
            [Category.Error] = ("Error logs", "the errors your sites reported."),
            [Category.Metrics] = ("Metrics", "load and response times."),
        },
        SitesLegend = "For which sites?",
        WindowLabel = "For how long may we record?",
        WindowHint = "Recording stops at the end of this period, or earlier when your ticket is closed.",
        Accept = "Accept",
        Decline = "Decline",
        DeclineHint = "If you decline, nothing is recorded.",
        ChooseSomething = "Choose at least one kind of data and one site, or decline.",
        AlreadyDecided = "You have already answered; this page shows where things stand.",
        SomethingWentWrong = "That did not work; please try again.",
        Accepted = (decided, categories, sites, until) =>
            $"You accepted on {decided}: we may record {categories} for {sites} until {until}.",
        CaptureEnded = end => $"Recording ended on {end}. What we hold is deleted automatically at the dates below.",
        HeldHeading = "What we hold",
        NothingHeld = "Nothing has been recorded yet.",
        HeldCaption = "Records held for this ticket",
        ColumnWhat = "What",
        ColumnSource = "From",
        ColumnRecorded = "Recorded",
        ColumnLines = "Lines",
        ColumnProtected = "Protection",
        ColumnDeleted = "Deleted automatically",
        NoIdentifierFound = "no address found",
        Replaced = "Replaced by pseudonyms",
        Removed = "Removed",
        DetectorName = (detector, count) => detector switch
        {
            "ipv4" => count == 1 ? "IPv4 address" : "IPv4 addresses",
            "ipv6" => count == 1 ? "IPv6 address" : "IPv6 addresses",
            "email" => count == 1 ? "e-mail address" : "e-mail addresses",
            _ => detector,
        },
        Download = "Download everything we hold",
        DownloadHint = "A JSON file with every record as stored, what was replaced in each, and who accessed it.",
        RevokeHeading = "Withdraw your consent",
        RevokeExplain = "This stops any further recording and erases everything we hold about this ticket, now.",
        RevokeStart = "Withdraw consent and erase…",
        ConfirmHeading = "Erase everything now?",
        ConfirmExplain = "Every record of this ticket is deleted and the key behind its pseudonyms is destroyed. This cannot be undone. " +
            "You keep a receipt on this page.",
        ConfirmRevoke = "Yes, erase everything now",
        Cancel = "No, go back",
        ErasedHeading = "Nothing is held any more",
        Receipt = (erased, count, bytes, reason) =>
            $"On {erased}, {count} {(count == 1 ? "record" : "records")} ({bytes}) {(count == 1 ? "was" : "were")} erased because {reason}.",
        Reasons = new Dictionary<string, string>
        {
            [ErasureReason.Revoked] = "you withdrew your consent",
            [ErasureReason.Declined] = "you declined",
            [ErasureReason.Expired] = "the retention period ended",
            [ErasureReason.Abandoned] = "the ticket was closed without an answer",
        },
        ErasedFooter = "The key behind the pseudonyms was destroyed. This receipt holds no personal data.",
        AccessHeading = "Who accessed it",
        AccessCaption = "Everything done with this ticket's data, newest first",
        NoAccess = "Nobody has accessed anything yet.",
        ColumnWhen = "When",
        ColumnWho = "Who",
        ColumnAction = "What",
        Actor = (kind, name) => kind switch
        {
            ActorKind.Agent => $"Support agent {name}",
            ActorKind.Customer => "You",
            ActorKind.Ticketing => "Our ticketing system",
            ActorKind.Collector => $"Your hosting ({name})",
            _ => $"Automatic ({name})",
        },
        Actions = new Dictionary<string, string>
        {
            [AuditAction.TicketOpened] = "Ticket registered",
            [AuditAction.TicketClosed] = "Ticket closed",
            [AuditAction.ConsentAccepted] = "Consent given",
            [AuditAction.ConsentDeclined] = "Declined",
            [AuditAction.ConsentRevoked] = "Consent withdrawn, everything erased",
            [AuditAction.SnapshotPushed] = "Record sent",
            [AuditAction.SnapshotPulled] = "Your sites' logs read",
            [AuditAction.SnapshotsListed] = "Records listed",
            [AuditAction.SnapshotRead] = "Record read",
            [AuditAction.SnapshotMatched] = "Checked whether a value appears in a record",
            [AuditAction.DataExported] = "Everything downloaded",
            [AuditAction.Purged] = "Expired data erased",
        },
        Outcome = outcome => outcome switch
        {
            "ok" => string.Empty,
            "empty" => " (nothing found)",
            "erased" => string.Empty,
            _ => $" ({outcome}: nothing kept)",
        },
        UnknownTitle = "This link does not work",
        UnknownExplain = "The link is not valid or has expired. If you still need it, reply to your support ticket and we will send you a new one.",
        Months = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"],
        DateFormat = "{2} {1} {0}, {3:00}:{4:00} UTC",
        Units = (count, one, many) => $"{count} {(count == 1 ? one : many)}",
        DecimalSeparator = ".",
        BytesUnit = "bytes",
        KiloUnit = "kB",
        MegaUnit = "MB",
    };

    public static ConsentText French { get; } = new()
    {
        Code = "fr",
        OtherCode = "en",
        OtherName = "English",
        SwitchLabel = "Read this page in English",
        LanguageNav = "Langue",
        Colon = " : ",
        Title = ticket => $"Diagnostic d’assistance pour votre ticket {ticket}",
        Intro = "Notre équipe d’assistance traite votre ticket. Pour trouver la cause plus vite, nous aimerions enregistrer quelques " +
            "données techniques de vos sites pendant une courte durée. C’est vous qui décidez : rien n’est enregistré sans votre accord, " +
            "et vous pouvez le retirer à tout moment.",
        WhatHeading = "Ce que nous enregistrerions",
        WhenHeading = "Quand",
        WhenPulled = from => $"Si vous acceptez, nous lisons les journaux d’accès des sites que vous choisissez depuis le {from} jusqu’à " +
            "maintenant, pour voir ce qui s’est passé avant que vous nous écriviez. Votre hébergement peut ensuite en envoyer d’autres " +
            "jusqu’à la fin de la période choisie ci-dessous.",
        WhenFromAccept = "À partir de votre accord, jusqu’à la fin de la période choisie ci-dessous.",
        KeepHeading = "Combien de temps nous les gardons",
        Keep = retention => $"Chaque enregistrement est gardé {retention}, puis supprimé automatiquement. Vous pouvez tout effacer plus tôt sur cette page.",
        WhoHeading = "Qui peut les voir",
        Who = "Seulement nos agents d’assistance, et seulement pour ce ticket. Chaque consultation est enregistrée, et vous la voyez sur cette page.",
        ProtectHeading = "Comment vous êtes protégé",
        Protect = "Avant tout stockage, les adresses IP et les adresses e-mail sont remplacées par des pseudonymes : des substituts qui " +
            "restent les mêmes pour une même adresse dans votre ticket, si bien qu’un agent peut suivre un visiteur sans savoir qui il est. " +
            "Les pseudonymes ne valent que pour ce ticket, et quand les données sont effacées, la clé qui les relie est détruite.",
        ProtectSubnets = "Pour ce ticket, les pseudonymes des adresses IP conservent aussi leurs réseaux : des adresses d’un même réseau " +
            "reçoivent des pseudonymes qui commencent de la même façon, si bien qu’un agent peut voir que deux visiteurs viennent du même " +
            "réseau, toujours sans savoir qui ils sont.",
        ChooseHeading = "Votre choix",
        CategoriesLegend = "Que pouvons-nous enregistrer ?",
        Categories = new Dictionary<string, (string, string)>
        {
            [Category.Access] = ("Journaux d’accès", "les requêtes reçues par vos sites : date, page, statut, navigateur."),
            [Category.Error] = ("Journaux d’erreurs", "les erreurs signalées par vos sites."),
            [Category.Metrics] = ("Mesures", "charge et temps de réponse."),
        },
        SitesLegend = "Pour quels sites ?",
        WindowLabel = "Pendant combien de temps pouvons-nous enregistrer ?",
        WindowHint = "L’enregistrement s’arrête à la fin de cette période, ou plus tôt si votre ticket est clos.",
        Accept = "Accepter",
        Decline = "Refuser",
        DeclineHint = "Si vous refusez, rien n’est enregistré.",
        ChooseSomething = "Choisissez au moins un type de données et un site, ou refusez.",
        AlreadyDecided = "Vous avez déjà répondu ; cette page montre où en sont les choses.",
        SomethingWentWrong = "Cela n’a pas fonctionné ; veuillez réessayer.",
        Accepted = (decided, categories, sites, until) =>
            $"Vous avez accepté le {decided} : nous pouvons enregistrer {categories} pour {sites} jusqu’au {until}.",
        CaptureEnded = end => $"L’enregistrement s’est terminé le {end}. Ce que nous détenons est supprimé automatiquement aux dates ci-dessous.",
        HeldHeading = "Ce que nous détenons",
        NothingHeld = "Rien n’a encore été enregistré.",
        HeldCaption = "Enregistrements détenus pour ce ticket",
        ColumnWhat = "Quoi",
        ColumnSource = "Provenance",
        ColumnRecorded = "Enregistré",
        ColumnLines = "Lignes",
        ColumnProtected = "Protection",
        ColumnDeleted = "Supprimé automatiquement",
        NoIdentifierFound = "aucune adresse trouvée",
        Replaced = "Remplacé par des pseudonymes",
        Removed = "Supprimé",
        DetectorName = (detector, count) => detector switch
        {
            "ipv4" => count == 1 ? "adresse IPv4" : "adresses IPv4",
            "ipv6" => count == 1 ? "adresse IPv6" : "adresses IPv6",
            "email" => count == 1 ? "adresse e-mail" : "adresses e-mail",
            _ => detector,
        },
        Download = "Télécharger tout ce que nous détenons",
        DownloadHint = "Un fichier JSON avec chaque enregistrement tel que stocké, ce qui y a été remplacé, et qui y a accédé.",
        RevokeHeading = "Retirer votre accord",
        RevokeExplain = "Cela arrête tout enregistrement et efface tout ce que nous détenons sur ce ticket, immédiatement.",
        RevokeStart = "Retirer mon accord et effacer…",
        ConfirmHeading = "Tout effacer maintenant ?",
        ConfirmExplain = "Chaque enregistrement de ce ticket est supprimé et la clé de ses pseudonymes est détruite. C’est irréversible. " +
            "Vous gardez un reçu sur cette page.",
        ConfirmRevoke = "Oui, tout effacer maintenant",
        Cancel = "Non, revenir",
        ErasedHeading = "Nous ne détenons plus rien",
        Receipt = (erased, count, bytes, reason) =>
            $"Le {erased}, {count} {(count <= 1 ? "enregistrement a été effacé" : "enregistrements ont été effacés")} ({bytes}) parce que {reason}.",
        Reasons = new Dictionary<string, string>
        {
            [ErasureReason.Revoked] = "vous avez retiré votre accord",
            [ErasureReason.Declined] = "vous avez refusé",
            [ErasureReason.Expired] = "la durée de conservation était écoulée",
            [ErasureReason.Abandoned] = "le ticket a été clos sans réponse",
        },
        ErasedFooter = "La clé des pseudonymes a été détruite. Ce reçu ne contient aucune donnée personnelle.",
        AccessHeading = "Qui y a accédé",
        AccessCaption = "Tout ce qui a été fait avec les données de ce ticket, du plus récent au plus ancien",
        NoAccess = "Personne n’a encore rien consulté.",
        ColumnWhen = "Quand",
        ColumnWho = "Qui",
        ColumnAction = "Quoi",
        Actor = (kind, name) => kind switch
        {
            ActorKind.Agent => $"L’agent d’assistance {name}",
            ActorKind.Customer => "Vous",
            ActorKind.Ticketing => "Notre système de tickets",
            ActorKind.Collector => $"Votre hébergement ({name})",
            _ => $"Automatique ({name})",
        },
        Actions = new Dictionary<string, string>
        {
            [AuditAction.TicketOpened] = "Ticket enregistré",
            [AuditAction.TicketClosed] = "Ticket clos",
            [AuditAction.ConsentAccepted] = "Accord donné",
            [AuditAction.ConsentDeclined] = "Refus",
            [AuditAction.ConsentRevoked] = "Accord retiré, tout effacé",
            [AuditAction.SnapshotPushed] = "Enregistrement envoyé",
            [AuditAction.SnapshotPulled] = "Journaux de vos sites lus",
            [AuditAction.SnapshotsListed] = "Enregistrements listés",
            [AuditAction.SnapshotRead] = "Enregistrement consulté",
            [AuditAction.SnapshotMatched] = "Recherche d’une valeur dans un enregistrement",
            [AuditAction.DataExported] = "Tout téléchargé",
            [AuditAction.Purged] = "Données expirées effacées",
        },
        Outcome = outcome => outcome switch
        {
            "ok" => string.Empty,
            "empty" => " (rien trouvé)",
            "erased" => string.Empty,
            _ => $" ({outcome} : rien de gardé)",
        },
        UnknownTitle = "Ce lien ne fonctionne pas",
        UnknownExplain = "Le lien n’est pas valide ou a expiré. Si vous en avez encore besoin, répondez à votre ticket d’assistance et nous vous en enverrons un nouveau.",
        Months = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"],
        DateFormat = "{2} {1} {0} à {3:00}:{4:00} UTC",
        Units = (count, one, many) => $"{count} {(count <= 1 ? one : many)}",
        DecimalSeparator = ",",
        BytesUnit = "octets",
        KiloUnit = "Ko",
        MegaUnit = "Mo",
    };

    /// <summary><c>?lang=</c> when given, else the first supported language of Accept-Language, else English.</summary>
    public static ConsentText For(HttpRequest request)
    {
        if (FromCode(request.Query["lang"].ToString()) is { } chosen)
        {
            return chosen;
        }

        var accepted = request.GetTypedHeaders().AcceptLanguage;
        foreach (var language in accepted.OrderByDescending(l => l.Quality ?? 1))
        {
            if ((language.Quality ?? 1) > 0 && FromCode(language.Value.Value) is { } match)
            {
                return match;
            }
        }

        return English;
    }

    private static ConsentText? FromCode(string? code)
    {
        var primary = code?.Split('-')[0];
        return primary?.ToLowerInvariant() switch
        {
            "fr" => French,
            "en" => English,
            _ => null,
        };
    }

    public string Date(DateTimeOffset at)
    {
        var utc = at.UtcDateTime;
        return string.Format(CultureInfo.InvariantCulture, DateFormat, utc.Year, Months[utc.Month - 1], utc.Day, utc.Hour, utc.Minute);
    }

    public string Duration(TimeSpan span)
    {
        var french = Code == "fr";
        if (span.TotalDays >= 1 && span.Ticks % TimeSpan.TicksPerDay == 0)
        {
            return Units((long)span.TotalDays, french ? "jour" : "day", french ? "jours" : "days");
        }

        if (span.TotalHours >= 1 && span.Ticks % TimeSpan.TicksPerHour == 0)
        {
            return Units((long)span.TotalHours, french ? "heure" : "hour", french ? "heures" : "hours");
        }

        if (span.TotalMinutes >= 1)
        {
            return Units((long)Math.Round(span.TotalMinutes), "minute", "minutes");
        }

        return Units((long)Math.Round(span.TotalSeconds), french ? "seconde" : "second", french ? "secondes" : "seconds");
    }

    public string Size(long bytes) => bytes switch
    {
        < 1024 => $"{bytes} {BytesUnit}",
        < 1024 * 1024 => Decimal(bytes / 1024.0) + " " + KiloUnit,
        _ => Decimal(bytes / (1024.0 * 1024)) + " " + MegaUnit,
    };

    public string List(IEnumerable<string> items)
    {
        var all = items.ToArray();
        var and = Code == "fr" ? " et " : " and ";
        return all.Length <= 1 ? string.Concat(all) : string.Join(", ", all[..^1]) + and + all[^1];
    }

    public string CategoryName(string category) => Categories.TryGetValue(category, out var text) ? text.Name.ToLowerInvariant() : category;

    public string ActionName(string action) => Actions.TryGetValue(action, out var text) ? text : action;

    public string ReasonText(string reason) => Reasons.TryGetValue(reason, out var text) ? text : reason;

    private string Decimal(double value) => value.ToString("0.#", CultureInfo.InvariantCulture).Replace(".", DecimalSeparator, StringComparison.Ordinal);
}
