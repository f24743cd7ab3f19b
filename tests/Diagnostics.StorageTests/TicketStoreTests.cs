using Diagnostics.Core.Domain;

namespace Diagnostics.StorageTests;

public sealed class TicketStoreTests : StorageTest
{
    [Fact]
    public async Task CreatedTicketIsReadBackWithEveryProperty()
    {
        var salt = "0123456789abcdef0123456789abcdef"u8.ToArray();
        var ticket = NewTicket("T-100") with
        {
            State = TicketState.Consented,
            Consent = new ConsentScope([Category.Access, Category.Error], ["www.example.org"], T0.AddMinutes(5), T0.AddHours(24)),
            ClosedAt = T0.AddHours(2),
            DeclinedAt = T0.AddHours(3),
            ErasedAt = T0.AddHours(4),
            Salt = salt,
        };

        Assert.True(await Storage.Tickets.TryCreateAsync(ticket, Ct));
        var read = await Storage.Tickets.GetAsync("T-100", Ct);

        Assert.NotNull(read);
        Assert.False(string.IsNullOrEmpty(read.Version));
        Assert.Equal("cust-4711", read.CustomerId);
        Assert.Equal(["www.example.org", "shop.example.org"], read.Sites);
        Assert.Equal(T0, read.OpenedAt);
        Assert.Equal(T0.UtcTicks, read.OpenedAt.UtcTicks);
        Assert.Equal(TicketState.Consented, read.State);
        Assert.NotNull(read.Consent);
        Assert.Equal([Category.Access, Category.Error], read.Consent.Categories);
        Assert.Equal(["www.example.org"], read.Consent.Sites);
        Assert.Equal(T0.AddMinutes(5), read.Consent.DecidedAt);
        Assert.Equal(T0.AddHours(24), read.Consent.WindowEnd);
        Assert.Equal(T0.AddHours(2), read.ClosedAt);
        Assert.Equal(T0.AddHours(3), read.DeclinedAt);
        Assert.Equal(T0.AddHours(4), read.ErasedAt);
        Assert.Equal("k1", read.KeyId);
        Assert.Equal(salt, read.Salt);
    }

    [Fact]
    public async Task TicketWithoutOptionalPropertiesIsReadBackWithoutThem()
    {
        var ticket = new Ticket { TicketId = "bare", OpenedAt = T0 };

        Assert.True(await Storage.Tickets.TryCreateAsync(ticket, Ct));
        var read = await Storage.Tickets.GetAsync("bare", Ct);

        Assert.NotNull(read);
        Assert.Null(read.CustomerId);
        Assert.Empty(read.Sites);
        Assert.Equal(TicketState.Opened, read.State);
        Assert.Null(read.Consent);
        Assert.Null(read.ClosedAt);
        Assert.Null(read.DeclinedAt);
        Assert.Null(read.ErasedAt);
        Assert.Null(read.KeyId);
        Assert.Null(read.Salt);
    }

    [Fact]
    public async Task GetReturnsNullForAnUnknownTicket()
    {
        Assert.Null(await Storage.Tickets.GetAsync("nobody", Ct));
    }

    [Fact]
    public async Task CreateReturnsFalseWhenTheTicketExistsAndKeepsTheFirst()
    {
        Assert.True(await Storage.Tickets.TryCreateAsync(NewTicket("T-1"), Ct));

        Assert.False(await Storage.Tickets.TryCreateAsync(NewTicket("T-1") with { CustomerId = "someone-else" }, Ct));
        Assert.Equal("cust-4711", (await Storage.Tickets.GetAsync("T-1", Ct))!.CustomerId);
    }

    [Fact]
    public async Task ReplaceWithTheCurrentVersionSucceedsAndChangesTheVersion()
    {
        await Storage.Tickets.TryCreateAsync(NewTicket("T-2"), Ct);
        var read = (await Storage.Tickets.GetAsync("T-2", Ct))!;

        Assert.True(await Storage.Tickets.TryReplaceAsync(read with { State = TicketState.Declined, DeclinedAt = T0.AddHours(1) }, Ct));

        var after = (await Storage.Tickets.GetAsync("T-2", Ct))!;
        Assert.Equal(TicketState.Declined, after.State);
        Assert.Equal(T0.AddHours(1), after.DeclinedAt);
        Assert.NotEqual(read.Version, after.Version);
    }

    [Fact]
    public async Task ReplaceWithAStaleVersionIsRejected()
    {
        await Storage.Tickets.TryCreateAsync(NewTicket("T-3"), Ct);
        var first = (await Storage.Tickets.GetAsync("T-3", Ct))!;
        var second = (await Storage.Tickets.GetAsync("T-3", Ct))!;

        Assert.True(await Storage.Tickets.TryReplaceAsync(first with { State = TicketState.Declined }, Ct));
        Assert.False(await Storage.Tickets.TryReplaceAsync(second with { State = TicketState.Consented }, Ct));

        Assert.Equal(TicketState.Declined, (await Storage.Tickets.GetAsync("T-3", Ct))!.State);
    }

    [Fact]
    public async Task ReplaceOfATicketThatDoesNotExistIsRejected()
    {
        await Storage.Tickets.TryCreateAsync(NewTicket("T-4"), Ct);
        var version = (await Storage.Tickets.GetAsync("T-4", Ct))!.Version;

        Assert.False(await Storage.Tickets.TryReplaceAsync(NewTicket("T-5") with { Version = version }, Ct));
        Assert.Null(await Storage.Tickets.GetAsync("T-5", Ct));
    }

    [Fact]
    public async Task ReplaceWithoutAVersionIsRefused()
    {
        await Storage.Tickets.TryCreateAsync(NewTicket("T-6"), Ct);

        await Assert.ThrowsAsync<ArgumentException>(() => Storage.Tickets.TryReplaceAsync(NewTicket("T-6"), Ct));
    }

    [Fact]
    public async Task ClearingTheSaltAndCustomerRemovesThemFromStorage()
    {
        var salt = "salt-that-must-be-shredded-00042"u8.ToArray();
        await Storage.Tickets.TryCreateAsync(NewTicket("T-7") with { Salt = salt, CustomerId = "cust-shred-me" }, Ct);
        var before = await Storage.DumpAsync(Ct);
        Assert.Contains(Convert.ToBase64String(salt), before, StringComparison.Ordinal);
        Assert.Contains("cust-shred-me", before, StringComparison.Ordinal);

        var read = (await Storage.Tickets.GetAsync("T-7", Ct))!;
        Assert.True(await Storage.Tickets.TryReplaceAsync(
            read with { Salt = null, CustomerId = null, State = TicketState.Erased, ErasedAt = T0.AddDays(7) }, Ct));

        var erased = (await Storage.Tickets.GetAsync("T-7", Ct))!;
        Assert.Null(erased.Salt);
        Assert.Null(erased.CustomerId);
        Assert.True(erased.IsErased);
        var after = await Storage.DumpAsync(Ct);
        Assert.DoesNotContain(Convert.ToBase64String(salt), after, StringComparison.Ordinal);
        Assert.DoesNotContain("salt-that-must-be-shredded", after, StringComparison.Ordinal);
        Assert.DoesNotContain("cust-shred-me", after, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("a/b")]
    [InlineData("a'b")]
    [InlineData("")]
    [InlineData("x#y")]
    public async Task InvalidTicketIdsAreRefusedBeforeTouchingStorage(string ticketId)
    {
        await Assert.ThrowsAsync<ArgumentException>(() => Storage.Tickets.GetAsync(ticketId, Ct));
        await Assert.ThrowsAsync<ArgumentException>(() => Storage.Tickets.TryCreateAsync(NewTicket(ticketId), Ct));
    }
}
