using System.Globalization;
using Diagnostics.Core.Operations;
using Microsoft.AspNetCore.Http;

namespace Diagnostics.Api.Endpoints;

/// <summary>The filters and the page of a snapshot read, validated; every bad value is named in a 400.</summary>
public static class ReadRequest
{
    /// <summary>
    /// The match candidate may come in this header instead of <c>?match=</c>: URLs end up in proxies' and the
    /// platform's request logs, headers do not, and the candidate must never be stored or logged.
    /// </summary>
    public const string MatchHeader = "X-Match-Candidate";

    public const string PageOffsetHeader = "X-Page-Offset";
    public const string PageLinesHeader = "X-Page-Lines";

    /// <summary>With a match: the ticket's pseudonym of the candidate, which the lines hold (never the candidate).</summary>
    public const string MatchPseudonymHeader = "X-Match-Pseudonym";

    /// <summary>Present when more lines pass the filters: the <c>offset</c> of the next page.</summary>
    public const string NextOffsetHeader = "X-Next-Offset";

    public const int MaxTextLength = 200;
    public const int MaxCandidateLength = 320;

    public static (ReadFilter? Filter, PageRequest? Page, string? Invalid) Parse(HttpRequest request)
    {
        var query = request.Query;
        if (QueryValues.Repeated(query, ["text", "status", "from", "to", "match", "offset", "limit"]) is { } repeated)
        {
            return Invalid($"{repeated} may be given once.");
        }

        string? text = QueryValues.Given(query["text"]), status = QueryValues.Given(query["status"]), from = QueryValues.Given(query["from"]), to = QueryValues.Given(query["to"]);
        string? offset = QueryValues.Given(query["offset"]), limit = QueryValues.Given(query["limit"]);
        if (text is { Length: > MaxTextLength })
        {
            return Invalid($"text may hold at most {MaxTextLength} characters.");
        }

        var inQuery = QueryValues.Given(query["match"]);
        var header = request.Headers[MatchHeader];
        if (header.Count > 1)
        {
            return Invalid($"{MatchHeader} may be given once.");
        }

        var inHeader = QueryValues.Given(header);
        if (inQuery is not null && inHeader is not null)
        {
            return Invalid($"Give the match candidate either as match= or in {MatchHeader}, not both.");
        }

        var match = (inQuery ?? inHeader)?.Trim();
        if (match is { Length: > MaxCandidateLength })
        {
            return Invalid($"The match candidate may hold at most {MaxCandidateLength} characters.");
        }

        int? statusClass = null;
        if (status is not null)
        {
            if (status is not ([>= '1' and <= '5'] or [>= '1' and <= '5', 'x', 'x'] or [>= '1' and <= '5', 'X', 'X']))
            {
                return Invalid("status must be a status class: 1 to 5, or 1xx to 5xx.");
            }

            statusClass = status[0] - '0';
        }

        if (!QueryValues.TryTime(from, out var fromTime))
        {
            return Invalid("from must be a date and time in ISO 8601, e.g. 2026-11-26T10:00:00Z.");
        }

        if (!QueryValues.TryTime(to, out var toTime))
        {
            return Invalid("to must be a date and time in ISO 8601, e.g. 2026-11-26T11:00:00Z.");
        }

        if (fromTime >= toTime)
        {
            return Invalid("from must be before to.");
        }

        long pageOffset = 0;
        if (offset is not null && (!long.TryParse(offset, NumberStyles.None, CultureInfo.InvariantCulture, out pageOffset)))
        {
            return Invalid("offset must be a whole number of lines, 0 or more.");
        }

        var pageLimit = PageRequest.DefaultLimit;
        if (limit is not null && (!int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out pageLimit) || pageLimit is < 1 or > PageRequest.MaxLimit))
        {
            return Invalid($"limit must be a whole number of lines from 1 to {PageRequest.MaxLimit}.");
        }

        return (new ReadFilter(text, statusClass, fromTime, toTime, string.IsNullOrEmpty(match) ? null : match), new PageRequest(pageOffset, pageLimit), null);
    }

    private static (ReadFilter?, PageRequest?, string?) Invalid(string detail) => (null, null, detail);
}
