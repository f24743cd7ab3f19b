using System.Globalization;
using System.IO.Compression;
using System.Text;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;

namespace Diagnostics.StorageTests.Support;

/// <summary>
/// Every entity of every table with a prefix and every blob of a container, gzip content decompressed, as text:
/// what a test scans to prove that no raw personal data reached storage.
/// </summary>
public static class StorageDump
{
    public static async Task<string> ReadAllAsync(
        TableServiceClient tableService,
        string tablePrefix,
        BlobServiceClient blobService,
        string container,
        CancellationToken cancellationToken = default)
    {
        var text = new StringBuilder();
        await AppendTablesAsync(text, tableService, tablePrefix, cancellationToken);
        await AppendBlobsAsync(text, blobService, container, cancellationToken);
        return text.ToString();
    }

    public static async Task<string> ReadTablesAsync(
        TableServiceClient tableService, string tablePrefix, CancellationToken cancellationToken = default)
    {
        var text = new StringBuilder();
        await AppendTablesAsync(text, tableService, tablePrefix, cancellationToken);
        return text.ToString();
    }

    public static async Task<string> ReadBlobsAsync(
        BlobServiceClient blobService, string container, CancellationToken cancellationToken = default)
    {
        var text = new StringBuilder();
        await AppendBlobsAsync(text, blobService, container, cancellationToken);
        return text.ToString();
    }

    private static async Task AppendTablesAsync(
        StringBuilder text, TableServiceClient tableService, string tablePrefix, CancellationToken cancellationToken)
    {
        // Listed whole and filtered here: a dump must not depend on the service's ordering of names.
        var names = new List<string>();
        await foreach (var table in tableService.QueryAsync(cancellationToken: cancellationToken))
        {
            if (table.Name.StartsWith(tablePrefix, StringComparison.OrdinalIgnoreCase))
            {
                names.Add(table.Name);
            }
        }

        names.Sort(StringComparer.Ordinal);
        foreach (var name in names)
        {
            text.Append("table ").AppendLine(name);
            await foreach (var entity in tableService.GetTableClient(name)
                .QueryAsync<TableEntity>(cancellationToken: cancellationToken))
            {
                text.Append("  entity ").Append(entity.PartitionKey).Append(" / ").AppendLine(entity.RowKey);
                foreach (var (key, value) in entity.OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    text.Append("    ").Append(key).Append(" = ").AppendLine(Format(value));
                }
            }
        }
    }

    private static async Task AppendBlobsAsync(
        StringBuilder text, BlobServiceClient blobService, string container, CancellationToken cancellationToken)
    {
        var containerClient = blobService.GetBlobContainerClient(container);
        if (!await containerClient.ExistsAsync(cancellationToken))
        {
            return;
        }

        await foreach (var item in containerClient.GetBlobsAsync(
            new GetBlobsOptions { Traits = BlobTraits.Metadata }, cancellationToken))
        {
            text.Append("blob ").Append(container).Append('/').AppendLine(item.Name);
            foreach (var (key, value) in item.Metadata ?? new Dictionary<string, string>())
            {
                text.Append("  metadata ").Append(key).Append(" = ").AppendLine(value);
            }

            var download = await containerClient.GetBlobClient(item.Name).DownloadContentAsync(cancellationToken);
            text.AppendLine(Decode(download.Value.Content.ToArray()));
        }
    }

    private static string Format(object? value) => value switch
    {
        null => "(null)",
        byte[] bytes => "base64:" + Convert.ToBase64String(bytes) + " utf8:" + Encoding.UTF8.GetString(bytes),
        DateTimeOffset at => at.ToString("O", CultureInfo.InvariantCulture),
        DateTime at => at.ToString("O", CultureInfo.InvariantCulture),
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };

    /// <summary>Gzip (one or more members) is decompressed; anything else is read as UTF-8.</summary>
    private static string Decode(byte[] content)
    {
        if (content.Length >= 2 && content[0] == 0x1f && content[1] == 0x8b)
        {
            using var gzip = new GZipStream(new MemoryStream(content), CompressionMode.Decompress);
            using var reader = new StreamReader(gzip, Encoding.UTF8);
            return reader.ReadToEnd();
        }

        return Encoding.UTF8.GetString(content);
    }
}
