using Azure;
using Azure.Data.Tables;
using Diagnostics.Core.Domain;
using Diagnostics.Core.Storage;
using Microsoft.Extensions.Options;

namespace Diagnostics.Storage;

/// <summary>Tickets in table <c>{prefix}tickets</c>: one partition per ticket, row "ticket"; the ETag is the version.</summary>
public sealed class TableTicketStore : ITicketStore
{
    public const string TableSuffix = "tickets";

    private const string TicketRow = "ticket";

    private readonly TableClient _table;

    public TableTicketStore(TableServiceClient tableService, IOptions<StorageOptions> options)
    {
        ArgumentNullException.ThrowIfNull(tableService);
        ArgumentNullException.ThrowIfNull(options);
        _table = tableService.GetTableClient(options.Value.TableName(TableSuffix));
    }

    public async Task<Ticket?> GetAsync(string ticketId, CancellationToken cancellationToken)
    {
        StorageKeys.RequireId(ticketId, nameof(ticketId));
        var response = await _table.GetEntityIfExistsAsync<TableEntity>(
            ticketId, TicketRow, cancellationToken: cancellationToken).ConfigureAwait(false);
        return response.HasValue ? FromEntity(response.Value!) : null;
    }

    public async Task<bool> TryCreateAsync(Ticket ticket, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        try
        {
            await _table.AddEntityAsync(ToEntity(ticket), cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            return false;
        }
    }

    public async Task<bool> TryReplaceAsync(Ticket ticket, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        if (string.IsNullOrEmpty(ticket.Version))
        {
            throw new ArgumentException("Only a ticket read from the store (with its Version) can replace it.", nameof(ticket));
        }

        try
        {
            await _table.UpdateEntityAsync(
                ToEntity(ticket), new ETag(ticket.Version), TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status is 412 or 404)
        {
            // 412: someone replaced it since it was read; 404: it is gone. Either way this version is stale.
            return false;
        }
    }

    public async Task<StoragePage<Ticket>> ListUnerasedAsync(string? continuation, int pageSize, CancellationToken cancellationToken)
    {
        var erased = nameof(TicketState.Erased);
        await foreach (var page in _table.QueryAsync<TableEntity>(
            TableClient.CreateQueryFilter($"State ne {erased}"), maxPerPage: pageSize, cancellationToken: cancellationToken)
            .AsPages(continuation, pageSize).ConfigureAwait(false))
        {
            return new StoragePage<Ticket>(
                [.. page.Values.Select(FromEntity)], string.IsNullOrEmpty(page.ContinuationToken) ? null : page.ContinuationToken);
        }

        return new StoragePage<Ticket>([], null);
    }

    // Replace mode drops every column absent here, which is how the salt and customer id are destroyed.
    internal static TableEntity ToEntity(Ticket ticket)
    {
        var entity = new TableEntity(StorageKeys.RequireId(ticket.TicketId, nameof(ticket)), TicketRow)
        {
            ["Sites"] = StorageJson.Serialize(ticket.Sites),
            ["OpenedAt"] = ticket.OpenedAt,
            ["State"] = ticket.State.ToString(),
            ["PrefixPreservingIps"] = ticket.PrefixPreservingIps,
        };
        AddIfSet(entity, "CustomerId", ticket.CustomerId);
        AddIfSet(entity, "ClosedAt", ticket.ClosedAt);
        AddIfSet(entity, "DeclinedAt", ticket.DeclinedAt);
        AddIfSet(entity, "ErasedAt", ticket.ErasedAt);
        AddIfSet(entity, "KeyId", ticket.KeyId);
        AddIfSet(entity, "Salt", ticket.Salt);
        if (ticket.Consent is { } consent)
        {
            entity["ConsentCategories"] = StorageJson.Serialize(consent.Categories);
            entity["ConsentSites"] = StorageJson.Serialize(consent.Sites);
            entity["ConsentDecidedAt"] = consent.DecidedAt;
            entity["ConsentWindowEnd"] = consent.WindowEnd;
        }

        return entity;
    }

    private static Ticket FromEntity(TableEntity entity)
    {
        var decidedAt = entity.GetDateTimeOffset("ConsentDecidedAt");
        return new Ticket
        {
            TicketId = entity.PartitionKey,
            CustomerId = entity.GetString("CustomerId"),
            Sites = StorageJson.ReadList(entity.GetString("Sites")),
            OpenedAt = Required(entity.GetDateTimeOffset("OpenedAt"), "OpenedAt", entity),
            State = Enum.Parse<TicketState>(entity.GetString("State") ?? nameof(TicketState.Opened)),
            Consent = decidedAt is { } decided
                ? new ConsentScope(
                    StorageJson.ReadList(entity.GetString("ConsentCategories")),
                    StorageJson.ReadList(entity.GetString("ConsentSites")),
                    decided,
                    Required(entity.GetDateTimeOffset("ConsentWindowEnd"), "ConsentWindowEnd", entity))
                : null,
            ClosedAt = entity.GetDateTimeOffset("ClosedAt"),
            DeclinedAt = entity.GetDateTimeOffset("DeclinedAt"),
            ErasedAt = entity.GetDateTimeOffset("ErasedAt"),
            PrefixPreservingIps = entity.GetBoolean("PrefixPreservingIps") ?? false,
            KeyId = entity.GetString("KeyId"),
            Salt = entity.GetBinary("Salt"),
            Version = entity.ETag.ToString(),
        };
    }

    private static void AddIfSet(TableEntity entity, string name, object? value)
    {
        if (value is not null)
        {
            entity[name] = value;
        }
    }

    private static DateTimeOffset Required(DateTimeOffset? value, string name, TableEntity entity) =>
        value ?? throw new InvalidDataException($"Ticket entity {entity.PartitionKey} has no {name}.");
}
