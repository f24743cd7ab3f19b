using System.Globalization;
using System.Text;

namespace Diagnostics.Core.Operations;

/// <summary>What an agent narrows a snapshot to. Every part is optional; all given parts must hold.</summary>
public sealed record ReadFilter(string? Text, int? StatusClass, DateTimeOffset? From, DateTimeOffset? To, string? Match)
{
    public static ReadFilter None { get; } = new(null, null, null, null, null);
}

/// <summary>Decides line by line whether a pseudonymized line passes a filter.</summary>
internal sealed class LineFilter
{
    private readonly byte[]? _text;
    private readonly byte[]? _pseudonym;
    private readonly int? _statusClass;
    private readonly DateTimeOffset? _from;
    private readonly DateTimeOffset? _to;

    public LineFilter(ReadFilter filter, string? pseudonym)
    {
        _text = string.IsNullOrEmpty(filter.Text) ? null : Encoding.UTF8.GetBytes(filter.Text);
        _pseudonym = pseudonym is null ? null : Encoding.UTF8.GetBytes(pseudonym);
        _statusClass = filter.StatusClass;
        _from = filter.From;
        _to = filter.To;
    }

    public bool IsEmpty => _text is null && _pseudonym is null && _statusClass is null && _from is null && _to is null;

    public bool Passes(ReadOnlySpan<byte> line)
    {
        if (_pseudonym is not null && !ContainsToken(line, _pseudonym))
        {
            return false;
        }

        if (_text is not null && !ContainsIgnoreCase(line, _text))
        {
            return false;
        }

        if (_statusClass is { } wanted && (LogFields.Status(line) is not { } status || status / 100 != wanted))
        {
            return false;
        }

        if (_from is not null || _to is not null)
        {
            if (LogFields.Time(line) is not { } at || at < _from || at >= _to)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The pseudonym as a whole token, so that one address never matches a longer one.</summary>
    private static bool ContainsToken(ReadOnlySpan<byte> line, ReadOnlySpan<byte> token)
    {
        var offset = 0;
        while (line[offset..].IndexOf(token) is var index and >= 0)
        {
            var start = offset + index;
            var end = start + token.Length;
            if ((start == 0 || !IsTokenByte(line[start - 1])) && (end == line.Length || !IsTokenByte(line[end])))
            {
                return true;
            }

            offset = start + 1;
        }

        return false;
    }

    private static bool IsTokenByte(byte b) => char.IsAsciiLetterOrDigit((char)b) || b is (byte)':' or (byte)'.' or (byte)'-' or (byte)'_' or (byte)'@';

    private static bool ContainsIgnoreCase(ReadOnlySpan<byte> line, ReadOnlySpan<byte> text)
    {
        for (var i = 0; i + text.Length <= line.Length; i++)
        {
            if (System.Text.Ascii.EqualsIgnoreCase(line.Slice(i, text.Length), text))
            {
                return true;
            }
        }

        return false;
    }
}

/// <summary>Status codes and timestamps read out of access-log and JSON lines.</summary>
internal static class LogFields
{
    /// <summary>The status after the quoted request of a common/combined log line, or a JSON "status" field.</summary>
    public static int? Status(ReadOnlySpan<byte> line)
    {
        var quote = line.IndexOf("\" "u8);
        if (quote >= 0 && line.IndexOf((byte)'"') < quote && TryThreeDigits(line[(quote + 2)..], out var clf))
        {
            return clf;
        }

        var json = line.IndexOf("\"status\":"u8);
        return json >= 0 && TryThreeDigits(line[(json + 9)..].TrimStart((byte)' '), out var fromJson) ? fromJson : null;
    }

    /// <summary>The <c>[dd/MMM/yyyy:HH:mm:ss zzz]</c> time of a log line, or an ISO 8601 "time"/"timestamp" JSON field.</summary>
    public static DateTimeOffset? Time(ReadOnlySpan<byte> line)
    {
        var open = line.IndexOf((byte)'[');
        if (open >= 0 && line[open..].IndexOf((byte)']') is var close and > 0 &&
            DateTimeOffset.TryParseExact(Encoding.ASCII.GetString(line.Slice(open + 1, close - 1)), "dd/MMM/yyyy:HH:mm:ss zzz",
                CultureInfo.InvariantCulture, DateTimeStyles.None, out var clf))
        {
            return clf;
        }

        foreach (var name in (ReadOnlySpan<string>)["\"timestamp\":\"", "\"time\":\"", "\"@timestamp\":\""])
        {
            var at = line.IndexOf(Encoding.ASCII.GetBytes(name));
            if (at < 0)
            {
                continue;
            }

            var rest = line[(at + name.Length)..];
            var end = rest.IndexOf((byte)'"');
            if (end > 0 && DateTimeOffset.TryParse(Encoding.ASCII.GetString(rest[..end]), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var iso))
            {
                return iso;
            }
        }

        return null;
    }

    private static bool TryThreeDigits(ReadOnlySpan<byte> s, out int value)
    {
        value = 0;
        if (s.Length < 3 || !char.IsAsciiDigit((char)s[0]) || !char.IsAsciiDigit((char)s[1]) || !char.IsAsciiDigit((char)s[2]) ||
            (s.Length > 3 && char.IsAsciiDigit((char)s[3])))
        {
            return false;
        }

        value = ((s[0] - '0') * 100) + ((s[1] - '0') * 10) + (s[2] - '0');
        return value is >= 100 and <= 599;
    }
}
