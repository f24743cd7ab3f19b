using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Diagnostics.EndToEndTests;

/// <summary>
/// An Azurite process of one test, on free loopback ports and a throw-away folder, so that the test can kill it (SIGKILL)
/// and start it again on the same folder and ports, as a storage outage would look.
/// </summary>
public sealed class OwnAzurite : IAsyncDisposable
{
    /// <summary>Azurite writes its in-memory tables and blob metadata to disk every five seconds; a kill loses what came after.</summary>
    public static readonly TimeSpan PersistInterval = TimeSpan.FromSeconds(6);

    private const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private readonly string _folder = Directory.CreateTempSubdirectory("diagnostics-azurite-").FullName;
    private readonly int[] _ports = FreePorts(3);
    private Process? _process;

    public string ConnectionString =>
        $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={AccountKey};" +
        $"BlobEndpoint=http://127.0.0.1:{_ports[0]}/devstoreaccount1;QueueEndpoint=http://127.0.0.1:{_ports[1]}/devstoreaccount1;" +
        $"TableEndpoint=http://127.0.0.1:{_ports[2]}/devstoreaccount1;";

    public static async Task<OwnAzurite> StartNewAsync()
    {
        var azurite = new OwnAzurite();
        await azurite.StartAsync();
        return azurite;
    }

    /// <summary>Starts the emulator on this instance's folder and ports, unless it runs, and waits until it listens.</summary>
    public async Task StartAsync()
    {
        if (_process is { HasExited: false })
        {
            return;
        }

        var start = new ProcessStartInfo(FindAzurite())
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in new[]
        {
            "--silent", "--location", _folder, "--blobHost", "127.0.0.1", "--queueHost", "127.0.0.1", "--tableHost", "127.0.0.1",
            "--blobPort", $"{_ports[0]}", "--queuePort", $"{_ports[1]}", "--tablePort", $"{_ports[2]}", "--skipApiVersionCheck", "--loose",
        })
        {
            start.ArgumentList.Add(argument);
        }

        _process = Process.Start(start) ?? throw new InvalidOperationException("Azurite did not start.");
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        for (var waited = 0; !(await ListensAsync(_ports[0]) && await ListensAsync(_ports[2])); waited++)
        {
            if (waited > 150 || _process.HasExited)
            {
                throw new InvalidOperationException($"Azurite did not listen on {_ports[0]} and {_ports[2]} (exited: {_process.HasExited}).");
            }

            await Task.Delay(100);
        }
    }

    /// <summary>kill -9: no chance to save anything.</summary>
    public void Kill()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }

        _process?.Dispose();
        _process = null;
    }

    public ValueTask DisposeAsync()
    {
        Kill();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open; the temp folder is cleaned by the system.
        }

        return ValueTask.CompletedTask;
    }

    private static async Task<bool> ListensAsync(int port)
    {
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    /// <summary>Held together while chosen, so that the system cannot hand out one of them twice.</summary>
    private static int[] FreePorts(int count)
    {
        var listeners = Enumerable.Range(0, count).Select(_ => new TcpListener(IPAddress.Loopback, 0)).ToArray();
        foreach (var listener in listeners)
        {
            listener.Start();
        }

        var ports = listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port).ToArray();
        foreach (var listener in listeners)
        {
            listener.Dispose();
        }

        return ports;
    }

    private static string FindAzurite()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Diagnostics.sln")))
            {
                var azurite = Path.Combine(dir.FullName, "node_modules", ".bin", "azurite");
                return File.Exists(azurite)
                    ? azurite
                    : throw new InvalidOperationException($"{azurite} is missing: run 'npm ci' at the repository root (./test.sh does).");
            }
        }

        throw new InvalidOperationException("Diagnostics.sln not found above the test directory.");
    }
}
