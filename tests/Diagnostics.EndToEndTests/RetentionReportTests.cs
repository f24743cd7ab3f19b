using System.Net;
using System.Text.Json;
using Diagnostics.Api.Security;
using Diagnostics.Core.Storage;

namespace Diagnostics.EndToEndTests;

/// <summary>The auditor's retention report over real HTTP, with the purge on its timer (every five minutes, fake clock).</summary>
public sealed class RetentionReportTests : IAsyncLifetime
{
    private readonly LocalHostFixture _host = new();

    public Task InitializeAsync()
    {
        _host.Settings["Diagnostics:Retention:PurgeSchedule"] = "0 */5 * * * *";
        return _host.InitializeAsync();
    }

    public Task DisposeAsync() => _host.DisposeAsync();

    [Fact]
    public async Task TheReportShowsWhatIsHeldWhatIsOverdueAndWhatThePurgeRunsDeleted()
    {
        var token = await _host.OpenTicketAsync("T-R1");
        await _host.AcceptAsync(token, "access");
        for (var i = 0; i < 3; i++)
        {
            using var pushed = await _host.Http.SendAsync(_host.Push("T-R1", "access", $"GET /page/{i} HTTP/1.1 200 12\n"));
            Assert.Equal(HttpStatusCode.Created, pushed.StatusCode);
        }

        // An index row twenty minutes past due, as a failing purge would leave it: four purge periods late.
        var now = _host.Clock.GetUtcNow();
        await _host.Storage.Expiry.AddAsync(new ExpiryEntry(ExpiryKind.Snapshot, "T-R1", "stuck", now.AddMinutes(-20)), CancellationToken.None);

        var report = await ReportAsync();
        Assert.Equal(3600, report.GetProperty("retentionSeconds").GetDouble());
        Assert.Equal(300, report.GetProperty("purgePeriodSeconds").GetDouble());
        Assert.Equal(3, report.GetProperty("live").GetProperty("snapshots").GetInt32());
        Assert.Equal(3, report.GetProperty("live").GetProperty("byAge")[0].GetProperty("count").GetInt32());
        Assert.Equal("T-R1", report.GetProperty("live").GetProperty("oldest").GetProperty("ticketId").GetString());
        Assert.Equal(1, report.GetProperty("dueItems").GetInt32());
        Assert.Equal(1, report.GetProperty("overdueItems").GetInt32());
        Assert.Equal(1200, report.GetProperty("oldestOverdueSeconds").GetDouble(), 0.5);
        Assert.False(report.GetProperty("withinTarget").GetBoolean());
        Assert.Equal(0, report.GetProperty("recentRuns").GetArrayLength());

        // The timer's next run clears the stuck row; the one after the snapshots' expiry deletes them.
        _host.Clock.Advance(TimeSpan.FromMinutes(5));
        report = await WaitForRunsAsync(1);
        Assert.True(report.GetProperty("withinTarget").GetBoolean());
        Assert.Equal(0, report.GetProperty("dueItems").GetInt32());
        Assert.Equal(JsonValueKind.Object, report.GetProperty("recentRuns")[0].GetProperty("reconciliation").ValueKind);

        _host.Clock.Advance(TimeSpan.FromHours(1));
        report = await WaitForRunsAsync(2);
        var last = report.GetProperty("recentRuns")[0];
        Assert.Equal(3, last.GetProperty("snapshotsDeleted").GetInt32());
        Assert.True(last.GetProperty("bytesDeleted").GetInt64() > 0);
        Assert.Equal(0, last.GetProperty("failures").GetInt32());
        Assert.Equal(0, report.GetProperty("live").GetProperty("snapshots").GetInt32());
        Assert.True(report.GetProperty("withinTarget").GetBoolean());
    }

    private async Task<JsonElement> ReportAsync()
    {
        using var response = await _host.Http.SendAsync(LocalHostFixture.AsAgent(HttpMethod.Get, "/api/admin/retention", Roles.Auditor));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
    }

    private async Task<JsonElement> WaitForRunsAsync(int runs)
    {
        for (var i = 0; i < 100; i++)
        {
            var report = await ReportAsync();
            if (report.GetProperty("recentRuns").GetArrayLength() >= runs)
            {
                return report;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"The purge timer did not record {runs} run(s).");
    }
}
