using System.Text;
using Diagnostics.Core.Operations;

namespace Diagnostics.UnitTests;

public sealed class LineFilterTests
{
    private const string Line = "2001:db8:4::1 - - [26/Nov/2026:10:00:00 +0000] \"GET /cart HTTP/1.1\" 503 512 \"-\" \"Mozilla/5.0\"\n";

    [Theory]
    [InlineData(5, true)]
    [InlineData(2, false)]
    public void StatusClassReadsTheStatusAfterTheRequest(int statusClass, bool passes) =>
        Assert.Equal(passes, Passes(ReadFilter.None with { StatusClass = statusClass }, null));

    [Fact]
    public void APseudonymMatchesOnlyAsAWholeToken()
    {
        Assert.True(Passes(ReadFilter.None, "2001:db8:4::1"));
        Assert.False(Passes(ReadFilter.None, "2001:db8:4::"));
        Assert.False(Passes(ReadFilter.None, "db8:4::1"));
    }

    [Fact]
    public void TextIsMatchedWithoutCase() => Assert.True(Passes(ReadFilter.None with { Text = "get /CART" }, null));

    [Theory]
    [InlineData("2026-11-26T09:59:59Z", "2026-11-26T10:00:01Z", true)]
    [InlineData("2026-11-26T10:00:01Z", null, false)]
    [InlineData(null, "2026-11-26T10:00:00Z", false)]
    public void TimeRangeReadsTheLogTimestamp(string? from, string? to, bool passes) =>
        Assert.Equal(passes, Passes(ReadFilter.None with
        {
            From = from is null ? null : DateTimeOffset.Parse(from, System.Globalization.CultureInfo.InvariantCulture),
            To = to is null ? null : DateTimeOffset.Parse(to, System.Globalization.CultureInfo.InvariantCulture),
        }, null));

    [Fact]
    public void JsonLinesGiveTheirStatusAndTime()
    {
        var json = "{\"time\":\"2026-11-26T10:00:00Z\",\"status\":404,\"path\":\"/x\"}\n"u8;
        var filter = new LineFilter(ReadFilter.None with { StatusClass = 4, From = DateTimeOffset.Parse("2026-11-26T09:00:00Z", System.Globalization.CultureInfo.InvariantCulture) }, null);
        Assert.True(filter.Passes(json));
    }

    private static bool Passes(ReadFilter filter, string? pseudonym) => new LineFilter(filter, pseudonym).Passes(Encoding.UTF8.GetBytes(Line));
}
