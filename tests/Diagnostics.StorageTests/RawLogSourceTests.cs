using Diagnostics.Storage;

namespace Diagnostics.StorageTests;

public sealed class RawLogSourceTests : StorageTest
{
    private static readonly DateTimeOffset Day1 = new(2026, 2, 28, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task ListsTheHoursInRangeAcrossDaysOldestFirst()
    {
        foreach (var hour in new[] { 1, 22, 23, 24, 25, 29 })
        {
            await Storage.SeedRawLogAsync("cust-1", "shop.example", Day1.AddHours(hour), $"line of hour {hour}\n", Ct);
        }

        await Storage.SeedRawLogAsync("cust-1", "blog.example", Day1.AddHours(23), "other site\n", Ct);
        await Storage.SeedRawLogAsync("cust-2", "shop.example", Day1.AddHours(23), "other customer\n", Ct);
        var container = Storage.BlobService.GetBlobContainerClient(Storage.SourceContainerName);
        await container.UploadBlobAsync("cust-1/shop.example/2026/02/28/notes.log", BinaryData.FromString("not an hour"), Ct);
        await container.UploadBlobAsync("cust-1/shop.example/2026/02/28/24.log", BinaryData.FromString("no such hour"), Ct);

        var hours = await Storage.RawLogs.ListHoursAsync("cust-1", "shop.example", Day1.AddHours(22), Day1.AddHours(25), Ct);

        Assert.Equal([Day1.AddHours(22), Day1.AddHours(23), Day1.AddHours(24), Day1.AddHours(25)], hours.Select(h => h.Hour));
        Assert.All(hours, h => Assert.Equal(("cust-1", "shop.example"), (h.CustomerId, h.Site)));
        Assert.Equal("line of hour 22\n".Length, hours[0].Bytes);
    }

    [Fact]
    public async Task ReadsAnHourAndAnswersNullOnceItIsGone()
    {
        await Storage.SeedRawLogAsync("cust-1", "shop.example", Day1.AddHours(5), "203.0.113.7 GET /\n", Ct);
        var hour = Assert.Single(await Storage.RawLogs.ListHoursAsync("cust-1", "shop.example", Day1, Day1.AddHours(23), Ct));

        await using (var stream = await Storage.RawLogs.OpenReadAsync(hour, Ct))
        {
            Assert.NotNull(stream);
            Assert.Equal("203.0.113.7 GET /\n", await new StreamReader(stream).ReadToEndAsync(Ct));
        }

        await Storage.BlobService.GetBlobContainerClient(Storage.SourceContainerName)
            .DeleteBlobAsync(BlobRawLogSource.BlobName("cust-1", "shop.example", Day1.AddHours(5)), cancellationToken: Ct);
        Assert.Null(await Storage.RawLogs.OpenReadAsync(hour, Ct));
    }

    [Fact]
    public async Task AMissingSourceContainerHoldsNoHours() =>
        Assert.Empty(await Storage.RawLogs.ListHoursAsync("cust-1", "shop.example", Day1, Day1.AddDays(2), Ct));

    [Theory]
    [InlineData("../cust", "shop.example")]
    [InlineData("cust-1", "../../etc")]
    [InlineData("cust-1", "shop/example")]
    public async Task NamesOutsideTheLayoutAreRefusedBeforeStorage(string customerId, string site) =>
        await Assert.ThrowsAsync<ArgumentException>(() => Storage.RawLogs.ListHoursAsync(customerId, site, Day1, Day1, Ct));

    [Fact]
    public void HourBlobsAreNamedByCustomerSiteAndUtcHour() =>
        Assert.Equal("cust-1/shop.example/2026/03/01/07.log",
            BlobRawLogSource.BlobName("cust-1", "shop.example", new DateTimeOffset(2026, 3, 1, 9, 0, 0, TimeSpan.FromHours(2))));
}
