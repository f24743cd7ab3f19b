using Diagnostics.Core.Domain;

namespace Diagnostics.StorageTests;

public sealed class ReceiptStoreTests : StorageTest
{
    [Fact]
    public async Task ReceiptsAreListedNewestFirstPerTicket()
    {
        var first = new DeletionReceipt("T-1", 3, 12_345_678_901, T0, ErasureReason.Expired);
        var second = new DeletionReceipt("T-1", 0, 0, T0.AddHours(1), ErasureReason.Revoked);
        var other = new DeletionReceipt("T-2", 1, 10, T0, ErasureReason.Declined);
        await Storage.Receipts.AddAsync(first, Ct);
        await Storage.Receipts.AddAsync(other, Ct);
        await Storage.Receipts.AddAsync(second, Ct);

        Assert.Equal([second, first], await Storage.Receipts.ListAsync("T-1", Ct));
        Assert.Equal([other], await Storage.Receipts.ListAsync("T-2", Ct));
        Assert.Empty(await Storage.Receipts.ListAsync("T-3", Ct));
    }

    [Fact]
    public async Task AddingTheSameReceiptAgainKeepsOne()
    {
        var receipt = new DeletionReceipt("T-1", 2, 200, T0, ErasureReason.Revoked);
        await Storage.Receipts.AddAsync(receipt, Ct);
        await Storage.Receipts.AddAsync(receipt, Ct);

        Assert.Equal([receipt], await Storage.Receipts.ListAsync("T-1", Ct));
    }
}
