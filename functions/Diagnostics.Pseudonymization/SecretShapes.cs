namespace Diagnostics.Pseudonymization;

/// <summary>Shapes of API keys and tokens that are recognisable without context.</summary>
internal static class SecretShapes
{
    internal enum Body : byte
    {
        /// <summary>AKIA/ASIA + 16 upper-case letters or digits (AWS); AIza + 35 letters, digits, '_' or '-' (Google's API keys).</summary>
        AwsKeyBody,

        /// <summary>ghp_/gho_/ghu_/ghs_/ghr_/github_pat_ + at least 20 letters, digits or '_'.</summary>
        GitHubBody,

        /// <summary>sk_/pk_/rk_ + live_/test_ + at least 10 letters or digits.</summary>
        StripeBody,

        /// <summary>xoxa-/xoxb-/xoxp-/xoxr-/xoxs- + at least 10 letters, digits or '-'.</summary>
        SlackBody,

        /// <summary>eyJ… . … (. …): a JWT, two or three base64url segments.</summary>
        JwtBody,
    }

    /// <summary>The shape and marker length of the token whose keyword starts at <paramref name="p"/>; the scrubber and the gate read them alike.</summary>
    internal static (Body Body, int MarkerLength) ShapeAt(ReadOnlySpan<byte> line, int p) => line[p] switch
    {
        (byte)'A' => (Body.AwsKeyBody, 4),
        (byte)'x' => (Body.SlackBody, 3),
        (byte)'e' => (Body.JwtBody, 3),
        (byte)'_' => (Body.StripeBody, 6),
        _ => (Body.GitHubBody, line[p..].StartsWith("github_pat_"u8) ? 11 : 4),
    };

    internal static bool TryMatch(ReadOnlySpan<byte> line, int p, ReadOnlySpan<byte> marker, Body body, out int start, out int end)
    {
        start = p;
        end = 0;
        switch (body)
        {
            case Body.AwsKeyBody:
                {
                    if (p > 0 && AsciiClass.IsWord(line[p - 1]))
                    {
                        return false;
                    }

                    int e = p + 4;
                    if (line[p + 1] == 'I')
                    {
                        // Google: AIza and 35 more, 39 in all.
                        e = Base64UrlEnd(line, e);
                        end = e;
                        return e - p == 39;
                    }

                    while (e < line.Length && (line[e] is >= (byte)'A' and <= (byte)'Z' || AsciiClass.IsDigit(line[e])))
                    {
                        e++;
                    }

                    end = e;
                    return e - p == 20 && (e == line.Length || !AsciiClass.IsWord(line[e]));
                }

            case Body.GitHubBody:
                {
                    if (p > 0 && AsciiClass.IsWord(line[p - 1]) || p > 0 && line[p - 1] == '-')
                    {
                        return false;
                    }

                    end = WordEnd(line, p + marker.Length, allowDash: false);
                    return end - (p + marker.Length) >= 20;
                }

            case Body.StripeBody:
                {
                    // The marker is _live_ or _test_: sk, pk or rk comes before it.
                    if (p < 2 || line[p - 1] != 'k' || line[p - 2] is not ((byte)'s' or (byte)'p' or (byte)'r')
                        || (p > 2 && AsciiClass.IsWord(line[p - 3])))
                    {
                        return false;
                    }

                    start = p - 2;
                    int bodyStart = p + marker.Length;
                    end = bodyStart;
                    while (end < line.Length && AsciiClass.IsLetterOrDigit(line[end]))
                    {
                        end++;
                    }

                    return end - bodyStart >= 10 && (end == line.Length || !AsciiClass.IsWord(line[end]));
                }

            case Body.SlackBody:
                {
                    if (p > 0 && AsciiClass.IsWord(line[p - 1]) || p + 4 >= line.Length
                        || line[p + 3] is not ((byte)'a' or (byte)'b' or (byte)'p' or (byte)'r' or (byte)'s') || line[p + 4] != '-')
                    {
                        return false;
                    }

                    end = WordEnd(line, p + 5, allowDash: true);
                    return end - (p + 5) >= 10;
                }

            default:
                {
                    if (p > 0 && (AsciiClass.IsWord(line[p - 1]) || line[p - 1] == '-'))
                    {
                        return false;
                    }

                    int first = Base64UrlEnd(line, p);
                    if (first - p < 10 || first >= line.Length || line[first] != '.')
                    {
                        return false;
                    }

                    int second = Base64UrlEnd(line, first + 1);
                    if (second - first - 1 < 2)
                    {
                        return false;
                    }

                    end = second;
                    if (second < line.Length && line[second] == '.')
                    {
                        end = Base64UrlEnd(line, second + 1);
                    }

                    return true;
                }
        }
    }

    /// <summary>
    /// After <c>Basic </c>: HTTP basic credentials, base64 (8 to 1,024 bytes, padded) of printable text holding a ':'
    /// (<c>user:password</c>, RFC 7617). Returns its end, or 0: <c>Basic authentication</c> decodes to no such text.
    /// </summary>
    internal static int BasicCredentialsEnd(ReadOnlySpan<byte> line, int start)
    {
        int end = start;
        while (end < line.Length && end - start <= 1024 && (AsciiClass.IsLetterOrDigit(line[end]) || line[end] is (byte)'+' or (byte)'/'))
        {
            end++;
        }

        int body = end;
        while (end < line.Length && end - body < 2 && line[end] == '=')
        {
            end++;
        }

        if (end - start < 8 || end - start > 1024 || (end - start) % 4 != 0 || (end < line.Length && (AsciiClass.IsWord(line[end]) || line[end] is (byte)'+' or (byte)'/' or (byte)'=')))
        {
            return 0;
        }

        Span<byte> decoded = stackalloc byte[768];
        if (System.Buffers.Text.Base64.DecodeFromUtf8(line[start..end], decoded, out _, out int written) != System.Buffers.OperationStatus.Done
            || decoded[..written].IndexOf((byte)':') < 0 || decoded[..written].IndexOfAnyInRange((byte)0, (byte)0x1F) >= 0)
        {
            return 0;
        }

        return end;
    }

    /// <summary>
    /// After <c>Bearer </c>: a token of at least 8 bytes of RFC 6750's token68 alphabet, '=' only as padding at
    /// its end (<c>Bearer realm="x"</c> is a challenge, not a token). Returns its end, or 0.
    /// </summary>
    internal static int BearerTokenEnd(ReadOnlySpan<byte> line, int start)
    {
        int end = start;
        while (end < line.Length && (AsciiClass.IsLetterOrDigit(line[end]) || line[end] is (byte)'-' or (byte)'.' or (byte)'_' or (byte)'~' or (byte)'+' or (byte)'/'))
        {
            end++;
        }

        int body = end;
        while (end < line.Length && line[end] == '=')
        {
            end++;
        }

        if (body - start < 8 || (end < line.Length && (AsciiClass.IsWord(line[end]) || line[end] == '"') && end > body))
        {
            return 0;
        }

        return line[start..body].StartsWith("[removed"u8) ? 0 : end;
    }

    private static int WordEnd(ReadOnlySpan<byte> line, int start, bool allowDash)
    {
        int end = start;
        while (end < line.Length && (AsciiClass.IsWord(line[end]) || (allowDash && line[end] == '-')))
        {
            end++;
        }

        return end;
    }

    private static int Base64UrlEnd(ReadOnlySpan<byte> line, int start)
    {
        int end = start;
        while (end < line.Length && (AsciiClass.IsWord(line[end]) || line[end] == '-'))
        {
            end++;
        }

        return end;
    }
}
