using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Diagnostics.Api.Security;
using Diagnostics.Core.Options;
using Diagnostics.Core.Security;
using Microsoft.Extensions.DependencyInjection;
using MsOptions = Microsoft.Extensions.Options.Options;

namespace Diagnostics.EndToEndTests;

/// <summary>
/// The local host with small limits, a consented ticket holding one snapshot and a ticket awaiting consent: what every
/// hostile request is thrown at.
/// </summary>
public sealed class HostileInputHost : IAsyncLifetime
{
    public const string Consented = "T-HOST";
    public const string Waiting = "T-WAIT";
    public const int MaxBodyBytes = 64 * 1024;
    public const int MaxDecompressedBytes = 256 * 1024;
    public const int MaxLineBytes = 1024;

    public LocalHostFixture Host { get; } = new();

    public string ConsentedToken { get; private set; } = "";

    public string WaitingToken { get; private set; } = "";

    public string SnapshotId { get; private set; } = "";

    public async Task InitializeAsync()
    {
        Host.Settings["Diagnostics:Limits:MaxBodyBytes"] = MaxBodyBytes.ToString(System.Globalization.CultureInfo.InvariantCulture);
        Host.Settings["Diagnostics:Limits:MaxDecompressedBytes"] = MaxDecompressedBytes.ToString(System.Globalization.CultureInfo.InvariantCulture);
        Host.Settings["Diagnostics:Limits:MaxLineBytes"] = MaxLineBytes.ToString(System.Globalization.CultureInfo.InvariantCulture);
        await Host.InitializeAsync();
        ConsentedToken = await Host.OpenTicketAsync(Consented);
        await Host.AcceptAsync(ConsentedToken, "access");
        WaitingToken = await Host.OpenTicketAsync(Waiting);
        using var pushed = await Host.Http.SendAsync(Host.Push(Consented, "access", "GET /index.html 200\nGET /cart 500\n"));
        Assert.Equal(HttpStatusCode.Created, pushed.StatusCode);
        SnapshotId = (await JsonDocument.ParseAsync(await pushed.Content.ReadAsStreamAsync())).RootElement.GetProperty("snapshotId").GetString()!;
    }

    public Task DisposeAsync() => Host.DisposeAsync();
}

/// <summary>
/// Every hostile request gets a 4xx with problem details and changes nothing in storage (tables, audit trail included,
/// and blobs, compared before and after). Limits are small here, so streaming enforcement is proven without huge bodies.
/// </summary>
public sealed class HostileInputTests(HostileInputHost fixture) : IClassFixture<HostileInputHost>
{
    private const string Key = LocalHostFixture.FunctionKey;

    private static readonly Dictionary<string, HostileCase> Cases = new()
    {
        // Ids: traversal, quotes, OData fragments, overlong, non-ASCII.
        ["list: ticket id with encoded traversal"] = new(400, _ => Agent(HttpMethod.Get, "/api/tickets/..%2F..%2Fetc%2Fpasswd/snapshots")),
        ["list: ticket id with quotes"] = new(400, _ => Agent(HttpMethod.Get, "/api/tickets/T'or'1'eq'1/snapshots")),
        ["list: ticket id with an OData fragment"] = new(400, _ => Agent(HttpMethod.Get, "/api/tickets/T-HOST%20or%20PartitionKey%20ne%20''/snapshots")),
        ["list: overlong ticket id"] = new(400, _ => Agent(HttpMethod.Get, $"/api/tickets/{new string('T', 65)}/snapshots")),
        ["list: non-ASCII ticket id"] = new(400, _ => Agent(HttpMethod.Get, "/api/tickets/T-%C3%A9t%C3%A9/snapshots")),
        ["read: snapshot id with encoded traversal"] = new(400, _ => Agent(HttpMethod.Get, "/api/tickets/T-HOST/snapshots/..%2F..%2FT-WAIT%2Fx")),
        ["read: snapshot id with an OData fragment"] = new(400, _ => Agent(HttpMethod.Get, "/api/tickets/T-HOST/snapshots/x'%20or%20RowKey%20ne%20'")),
        ["read: overlong snapshot id"] = new(400, _ => Agent(HttpMethod.Get, $"/api/tickets/T-HOST/snapshots/{new string('s', 200)}")),
        ["read: non-ASCII snapshot id"] = new(400, _ => Agent(HttpMethod.Get, "/api/tickets/T-HOST/snapshots/%E2%80%AEevil")),
        ["push: ticket id with quotes"] = new(400, _ => Push("T'x", Text("a\n"))),
        ["open: ticket id with an OData fragment"] = new(400, _ => Ticketing("/api/tickets/T%20or%20true/opened", Json("""{"customerId":"c1","sites":["a.example"]}"""))),
        ["close: non-ASCII ticket id"] = new(400, _ => Ticketing("/api/tickets/%E6%97%A5%E6%9C%AC/closed", null)),
        ["audit: ticket id with quotes"] = new(400, _ => Agent(HttpMethod.Get, "/api/admin/audit?ticketId=T'%20or%20'1", Roles.Auditor)),

        // Keys.
        ["push: no function key"] = new(401, _ => Push(HostileInputHost.Consented, Text("a\n"), key: null)),
        ["push: wrong function key"] = new(401, _ => Push(HostileInputHost.Consented, Text("a\n"), key: "wrong-key-0123456789")),
        ["push: key differing in case"] = new(401, _ => Push(HostileInputHost.Consented, Text("a\n"), key: Key.ToUpperInvariant())),
        ["open: wrong key in the query string"] = new(401, _ => new HttpRequestMessage(HttpMethod.Post, "/api/tickets/T-NEW/opened?code=nope") { Content = Json("""{"customerId":"c1","sites":["a.example"]}""") }),
        ["close: no function key"] = new(401, _ => new HttpRequestMessage(HttpMethod.Post, $"/api/tickets/{HostileInputHost.Consented}/closed")),

        // Bodies: sizes, compression, encodings, media types, UTF-8, lines.
        ["push: declared body over the limit"] = new(413, _ => Push(HostileInputHost.Consented, Text(Lines(HostileInputHost.MaxBodyBytes + 4096)))),
        ["push: chunked body over the limit"] = new(413, _ => Push(HostileInputHost.Consented, Chunked(Encoding.UTF8.GetBytes(Lines(HostileInputHost.MaxBodyBytes * 2)), "text/plain"))),
        ["push: gzip bomb"] = new(413, _ => Push(HostileInputHost.Consented, Gzipped(Lines(HostileInputHost.MaxDecompressedBytes * 8))), "decompressed"),
        ["push: corrupt gzip"] = new(400, _ => Push(HostileInputHost.Consented, Encoded(Corrupt(Gzip("GET / 200\n")), "gzip")), "gzip"),
        ["push: gzip declared, plain text sent"] = new(400, _ => Push(HostileInputHost.Consented, Encoded(Encoding.UTF8.GetBytes("GET / 200\n"), "gzip"))),
        ["push: brotli encoding"] = new(415, _ => Push(HostileInputHost.Consented, Encoded([1, 2, 3], "br"))),
        ["push: stacked encodings"] = new(415, _ => Push(HostileInputHost.Consented, Encoded(Gzip("a\n"), "gzip, deflate"))),
        ["push: JSON content type"] = new(415, _ => Push(HostileInputHost.Consented, Typed("{\"a\":1}", "application/json"))),
        ["push: Latin-1 charset"] = new(415, _ => Push(HostileInputHost.Consented, Typed("caf\u00e9\n", "text/plain; charset=iso-8859-1"))),
        ["push: no content type"] = new(415, _ => Push(HostileInputHost.Consented, new ByteArrayContent("a\n"u8.ToArray()))),
        ["push: invalid UTF-8"] = new(400, _ => Push(HostileInputHost.Consented, Raw([.. "GET /"u8, 0xC3, 0x28, 0xFF, .. " 200\n"u8], "text/plain")), "UTF-8"),
        ["push: overlong UTF-8 encoding of a slash"] = new(400, _ => Push(HostileInputHost.Consented, Raw([.. "GET "u8, 0xC0, 0xAF, .. "etc 200\n"u8], "text/plain"))),
        ["push: one enormous line"] = new(413, _ => Push(HostileInputHost.Consented, Text(new string('x', HostileInputHost.MaxLineBytes * 8))), "line"),
        ["push: one enormous line, gzipped"] = new(413, _ => Push(HostileInputHost.Consented, Gzipped(new string('y', HostileInputHost.MaxLineBytes * 40))), "line"),
        ["push: unknown category"] = new(400, _ => Push(HostileInputHost.Consented, Text("a\n"), query: "category=passwords&source=web-1")),
        ["push: source with traversal"] = new(400, _ => Push(HostileInputHost.Consented, Text("a\n"), query: "category=access&source=../../etc")),
        ["push: no source"] = new(400, _ => Push(HostileInputHost.Consented, Text("a\n"), query: "category=access")),
        ["route: wrong method"] = new(405, _ => new HttpRequestMessage(HttpMethod.Put, "/api/tickets/T-HOST/snapshots")),
        ["route: unknown route"] = new(404, _ => new HttpRequestMessage(HttpMethod.Get, "/api/tickets/T-HOST/secrets")),
        ["push: unknown ticket"] = new(404, _ => Push("T-NOBODY", Text("a\n"))),
        ["push: category outside the consent"] = new(403, _ => Push(HostileInputHost.Consented, Text("a\n"), query: "category=error&source=web-1")),
        ["push: ticket awaiting consent"] = new(403, _ => Push(HostileInputHost.Waiting, Text("a\n"))),

        // JSON bodies.
        ["open: malformed JSON"] = new(400, _ => Ticketing("/api/tickets/T-NEW/opened", Json("""{"customerId":"c1","sites":["a.example"]"""))),
        ["open: deeply nested JSON"] = new(400, _ => Ticketing("/api/tickets/T-NEW/opened", Json(new string('[', 5000) + new string(']', 5000)))),
        ["open: JSON array instead of an object"] = new(400, _ => Ticketing("/api/tickets/T-NEW/opened", Json("""[{"customerId":"c1"}]"""))),
        ["open: JSON null"] = new(400, _ => Ticketing("/api/tickets/T-NEW/opened", Json("null"))),
        ["open: JSON body over 64 KiB"] = new(413, _ => Ticketing("/api/tickets/T-NEW/opened", Json($$"""{"customerId":"c1","sites":["{{new string('a', 70_000)}}"]}"""))),
        ["open: JSON sent as text/plain"] = new(415, _ => Ticketing("/api/tickets/T-NEW/opened", Typed("""{"customerId":"c1","sites":["a.example"]}""", "text/plain"))),
        ["open: JSON in invalid UTF-8"] = new(400, _ => Ticketing("/api/tickets/T-NEW/opened", Raw([.. "{\"customerId\":\"c"u8, 0xFF, 0xFE, .. "\",\"sites\":[\"a.example\"]}"u8], "application/json"))),
        ["open: customer id with quotes"] = new(400, _ => Ticketing("/api/tickets/T-NEW/opened", Json("""{"customerId":"c1' or '1'='1","sites":["a.example"]}"""))),
        ["open: site with traversal"] = new(400, _ => Ticketing("/api/tickets/T-NEW/opened", Json("""{"customerId":"c1","sites":["../../etc/passwd"]}"""))),
        ["open: wrong field types"] = new(400, _ => Ticketing("/api/tickets/T-NEW/opened", Json("""{"customerId":{"$ne":null},"sites":"a.example"}"""))),
        ["decide: malformed JSON"] = new(400, f => new HttpRequestMessage(HttpMethod.Post, $"/api/consent/{f.WaitingToken}") { Content = Json("{\"decision\":\"accept\",") }),
        ["decide: deeply nested JSON"] = new(400, f => new HttpRequestMessage(HttpMethod.Post, $"/api/consent/{f.WaitingToken}") { Content = Json(string.Concat(Enumerable.Repeat("{\"a\":", 100)) + "1" + new string('}', 100)) }),
        ["decide: unknown decision"] = new(400, f => new HttpRequestMessage(HttpMethod.Post, $"/api/consent/{f.WaitingToken}") { Content = Json("""{"decision":"maybe","categories":["access"]}""") }),
        ["decide: unknown category"] = new(400, f => new HttpRequestMessage(HttpMethod.Post, $"/api/consent/{f.WaitingToken}") { Content = Json("""{"decision":"accept","categories":["root"]}""") }),
        ["decide: window beyond the maximum"] = new(400, f => new HttpRequestMessage(HttpMethod.Post, $"/api/consent/{f.WaitingToken}") { Content = Json("""{"decision":"accept","categories":["access"],"windowHours":1e308}""") }),
        ["decide: site not on the ticket"] = new(400, f => new HttpRequestMessage(HttpMethod.Post, $"/api/consent/{f.WaitingToken}") { Content = Json("""{"decision":"accept","categories":["access"],"sites":["evil.example"]}""") }),

        // Consent tokens: tampered, expired, foreign, spliced.
        ["consent page: tampered token"] = new(404, f => new HttpRequestMessage(HttpMethod.Get, $"/api/consent/{Tamper(f.ConsentedToken)}")),
        ["revoke: tampered token"] = new(404, f => new HttpRequestMessage(HttpMethod.Delete, $"/api/consent/{Tamper(f.ConsentedToken)}")),
        ["revoke: expired token"] = new(404, f => new HttpRequestMessage(HttpMethod.Delete,
            $"/api/consent/{f.Host.Services.GetRequiredService<ConsentTokens>().Issue(HostileInputHost.Consented, f.Host.Clock.GetUtcNow().AddSeconds(-1))}")),
        ["revoke: token signed by a foreign key"] = new(404, f => new HttpRequestMessage(HttpMethod.Delete, $"/api/consent/{ForeignToken(f)}")),
        ["revoke: another ticket's signature spliced in"] = new(404, f => new HttpRequestMessage(HttpMethod.Delete,
            $"/api/consent/{HostileInputHost.Consented}{f.WaitingToken[f.WaitingToken.IndexOf('.', StringComparison.Ordinal)..]}")),
        ["export: garbage token"] = new(404, _ => new HttpRequestMessage(HttpMethod.Get, "/api/consent/%27%20or%201%3D1--/data")),
        ["decide: overlong token"] = new(404, _ => new HttpRequestMessage(HttpMethod.Post, $"/api/consent/{new string('a', 300)}") { Content = Json("""{"decision":"decline"}""") }),

        // Principals: missing, malformed, role-less, wrong role, forged shapes.
        ["list: no principal"] = new(401, _ => new HttpRequestMessage(HttpMethod.Get, "/api/tickets/T-HOST/snapshots")),
        ["list: principal not base64"] = new(401, _ => WithPrincipal("/api/tickets/T-HOST/snapshots", "!!not-base64!!")),
        ["list: principal base64 of plain text"] = new(401, _ => WithPrincipal("/api/tickets/T-HOST/snapshots", Convert.ToBase64String("agent.smith"u8))),
        ["list: principal without auth_typ"] = new(401, _ => WithPrincipal("/api/tickets/T-HOST/snapshots",
            B64("""{"claims":[{"typ":"name","val":"eve"},{"typ":"roles","val":"Diagnostics.Agent"}]}"""))),
        ["list: principal with malformed claims"] = new(401, _ => WithPrincipal("/api/tickets/T-HOST/snapshots",
            B64("""{"auth_typ":"aad","claims":{"typ":"roles","val":["Diagnostics.Agent"]}}"""))),
        ["list: deeply nested principal"] = new(401, _ => WithPrincipal("/api/tickets/T-HOST/snapshots",
            B64("""{"auth_typ":"aad","claims":""" + new string('[', 64) + new string(']', 64) + "}"))),
        ["list: oversized principal"] = new(401, _ => WithPrincipal("/api/tickets/T-HOST/snapshots", new string('A', 20_000))),
        ["list: role-less principal"] = new(403, _ => Agent(HttpMethod.Get, "/api/tickets/T-HOST/snapshots", "Reader")),
        ["list: role claimed under another claim type"] = new(403, _ => WithPrincipal("/api/tickets/T-HOST/snapshots",
            B64("""{"auth_typ":"aad","name_typ":"name","role_typ":"roles","claims":[{"typ":"name","val":"eve"},{"typ":"role","val":"Diagnostics.Agent"}]}"""))),
        ["list: auditor, not agent"] = new(403, _ => Agent(HttpMethod.Get, "/api/tickets/T-HOST/snapshots", Roles.Auditor)),
        ["retention: agent, not auditor"] = new(403, _ => Agent(HttpMethod.Get, "/api/admin/retention", Roles.Agent)),
        ["audit: no principal"] = new(401, _ => new HttpRequestMessage(HttpMethod.Get, "/api/admin/audit")),

        // Unknown things and bad filters.
        ["read: unknown snapshot"] = new(404, _ => Agent(HttpMethod.Get, "/api/tickets/T-HOST/snapshots/20260101T000000000-0123456789ab")),
        ["list: unknown ticket"] = new(404, _ => Agent(HttpMethod.Get, "/api/tickets/T-NOBODY/snapshots")),
        ["read: snapshot of another ticket"] = new(404, f => Agent(HttpMethod.Get, $"/api/tickets/{HostileInputHost.Waiting}/snapshots/{f.SnapshotId}")),
        ["close: unknown ticket"] = new(404, _ => Ticketing("/api/tickets/T-NOBODY/closed", null)),
        ["read: status filter 6xx"] = new(400, f => Agent(HttpMethod.Get, $"/api/tickets/T-HOST/snapshots/{f.SnapshotId}?status=6xx")),
        ["read: unparseable time filter"] = new(400, f => Agent(HttpMethod.Get, $"/api/tickets/T-HOST/snapshots/{f.SnapshotId}?from=yesterday")),
        ["read: overlong text filter"] = new(400, f => Agent(HttpMethod.Get, $"/api/tickets/T-HOST/snapshots/{f.SnapshotId}?text={new string('q', 201)}")),
        ["read: match that is no identifier"] = new(400, f => Agent(HttpMethod.Get, $"/api/tickets/T-HOST/snapshots/{f.SnapshotId}?match=%27%3B%20DROP%20TABLE")),
        ["audit: max out of range"] = new(400, _ => Agent(HttpMethod.Get, "/api/admin/audit?max=1000000", Roles.Auditor)),
        ["asset: traversal in the name"] = new(404, _ => new HttpRequestMessage(HttpMethod.Get, "/api/assets/..%2F..%2Fappsettings.json")),
    };

    public static TheoryData<string> CaseNames => [.. Cases.Keys];

    [Fact]
    public void TheSuiteHoldsAtLeastFortyDistinctCases() => Assert.True(Cases.Count >= 40, $"only {Cases.Count} cases");

    [Theory]
    [MemberData(nameof(CaseNames))]
    public async Task HostileRequestIsRefusedWithProblemDetailsAndChangesNothing(string name)
    {
        var hostile = Cases[name];
        var before = await fixture.Host.Storage.DumpAsync();

        using var request = hostile.Build(fixture);
        using var response = await fixture.Host.Http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(hostile.Status, (int)response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(body).RootElement;
        Assert.Equal(hostile.Status, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("title").GetString()));
        if (hostile.DetailContains is { } expected)
        {
            Assert.Contains(expected, problem.GetProperty("detail").GetString(), StringComparison.OrdinalIgnoreCase);
        }

        Assert.Equal(before, await fixture.Host.Storage.DumpAsync());
        Assert.DoesNotContain(fixture.Host.Logs.Lines, line => line.StartsWith("Error", StringComparison.Ordinal));
    }

    [Fact]
    public async Task APrincipalIsNotTrustedWithoutTheDevelopmentSignIn()
    {
        var settings = new Dictionary<string, string?>(fixture.Host.Settings) { ["Diagnostics:Auth:DevelopmentSignIn"] = "false" };
        await using var app = LocalHostFixture.Build(settings, fixture.Host.Clock);
        await app.StartAsync();
        using var http = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };
        var before = await fixture.Host.Storage.DumpAsync();

        using var response = await http.SendAsync(Agent(HttpMethod.Get, "/api/tickets/T-HOST/snapshots"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(before, await fixture.Host.Storage.DumpAsync());
        await app.StopAsync();
    }

    private static HttpRequestMessage Agent(HttpMethod method, string path, params string[] roles) => LocalHostFixture.AsAgent(method, path, roles);

    private static HttpRequestMessage WithPrincipal(string path, string header)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.TryAddWithoutValidation(ClientPrincipal.HeaderName, header);
        return request;
    }

    private static HttpRequestMessage Ticketing(string path, HttpContent? content)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = content };
        request.Headers.Add("x-functions-key", Key);
        return request;
    }

    private static HttpRequestMessage Push(string ticketId, HttpContent content, string? key = Key, string query = "category=access&source=web-1")
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/tickets/{ticketId}/snapshots?{query}") { Content = content };
        if (key is not null)
        {
            request.Headers.Add("x-functions-key", key);
        }

        return request;
    }

    private static HttpContent Text(string text) => Typed(text, "text/plain");

    private static HttpContent Typed(string text, string contentType) => Raw(Encoding.UTF8.GetBytes(text), contentType);

    private static HttpContent Json(string json) => Typed(json, "application/json");

    private static HttpContent Raw(byte[] bytes, string contentType)
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        return content;
    }

    private static HttpContent Encoded(byte[] bytes, string encoding)
    {
        var content = Raw(bytes, "text/plain");
        content.Headers.TryAddWithoutValidation("Content-Encoding", encoding);
        return content;
    }

    private static HttpContent Gzipped(string text) => Encoded(Gzip(text), "gzip");

    private static HttpContent Chunked(byte[] bytes, string contentType)
    {
        var content = new UnknownLengthContent(bytes);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        return content;
    }

    private static string Lines(int bytes)
    {
        var line = "GET /catalog/item?id=42 HTTP/1.1 200 512\n";
        return string.Concat(Enumerable.Repeat(line, bytes / line.Length + 1));
    }

    private static byte[] Gzip(string text)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Optimal, leaveOpen: true))
        {
            gzip.Write(Encoding.UTF8.GetBytes(text));
        }

        return buffer.ToArray();
    }

    /// <summary>A valid header, then garbage where the deflate stream should be.</summary>
    private static byte[] Corrupt(byte[] gzip)
    {
        var corrupt = gzip.ToArray();
        for (var i = 10; i < corrupt.Length - 8; i++)
        {
            corrupt[i] = 0xFF;
        }

        return corrupt;
    }

    private static string Tamper(string token) => token[..^2] + (token[^2] == 'A' ? "BA" : "AA");

    private static string B64(string json) => Convert.ToBase64String(Encoding.UTF8.GetBytes(json));

    private static string ForeignToken(HostileInputHost f)
    {
        var keyId = f.Host.Settings["Diagnostics:Pseudonymization:KeyId"]!;
        var foreign = new KeyRing(MsOptions.Create(new PseudonymizationOptions { KeyId = keyId, MasterKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)) }));
        return new ConsentTokens(foreign, f.Host.Clock).Issue(HostileInputHost.Consented, f.Host.Clock.GetUtcNow().AddDays(1));
    }

    public sealed record HostileCase(int Status, Func<HostileInputHost, HttpRequestMessage> Build, string? DetailContains = null);

    /// <summary>Sent chunked: the server learns the size only while reading.</summary>
    private sealed class UnknownLengthContent(byte[] bytes) : HttpContent
    {
        protected override async Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context)
        {
            for (var offset = 0; offset < bytes.Length; offset += 8192)
            {
                await stream.WriteAsync(bytes.AsMemory(offset, Math.Min(8192, bytes.Length - offset)));
            }
        }

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}
