using System.Net.Http;
using TorrentPS.Interop.Tests.Support;

namespace TorrentPS.Interop.Tests.Tracking;

/// <summary>
/// A real opentracker on 127.0.0.1, HTTP and UDP on one port, for one test. Debian's build only serves
/// whitelisted info-hashes, drops root for "nobody" and chroots into the folder given with -d, so the
/// whitelist lives in a temp folder readable by everyone. Dispose kills it and deletes the folder.
/// </summary>
public sealed class Opentracker : IDisposable
{
    private readonly TempDirectory _folder;
    private readonly BackgroundProcess _process;

    private Opentracker(TempDirectory folder, BackgroundProcess process, int port)
    {
        _folder = folder;
        _process = process;
        Port = port;
    }

    public int Port { get; }

    public string HttpUrl => $"http://127.0.0.1:{Port}/announce";

    public string UdpUrl => $"udp://127.0.0.1:{Port}/announce";

    public string Url(string protocol) => protocol == "udp" ? UdpUrl : HttpUrl;

    public static async Task<Opentracker> StartAsync(params InfoHash[] whitelist)
    {
        string program = ExternalTool.Require("opentracker", "opentracker");
        var folder = new TempDirectory("opentracker");
        BackgroundProcess? process = null;
        try
        {
            string whitelistPath = folder.Combine("whitelist.txt");
            await File.WriteAllLinesAsync(whitelistPath, whitelist.Select(h => h.ToString()));
            if (!OperatingSystem.IsWindows())
            {
                // opentracker reads the whitelist after dropping to "nobody" inside its chroot.
                File.SetUnixFileMode(folder.Path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
                File.SetUnixFileMode(whitelistPath, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
            }

            int port = FreePort.TcpAndUdp();
            string portText = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
            // Started inside the folder too: opentracker may read the whitelist before or after its chroot, and the
            // relative name must find the same file either way (otherwise it flaps between full and empty).
            process = BackgroundProcess.Start(program, new[] { "-i", "127.0.0.1", "-p", portText, "-P", portText, "-d", folder.Path, "-u", "nobody", "-w", "whitelist.txt" }, workingDirectory: folder.Path);
            var tracker = new Opentracker(folder, process, port);
            await tracker.WaitUntilServingAsync(whitelist[0]);
            return tracker;
        }
        catch
        {
            process?.Dispose();
            folder.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        _process.Dispose();
        _folder.Dispose();
    }

    private async Task WaitUntilServingAsync(InfoHash whitelisted)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };

        // A background thread loads the whitelist after the sockets are open, and only a "started" announce is
        // checked against it ("stopped" and scrape answer regardless). The probe peer is removed at once.
        string probe = $"http://127.0.0.1:{Port}/announce?info_hash=" + string.Concat(whitelisted.ToArray().Select(b => $"%{b:X2}"))
                       + "&peer_id=-PROBE-0000000000000&port=1&uploaded=0&downloaded=0&left=0&compact=1&event=";
        DateTime deadline = DateTime.UtcNow + InteropSettings.ProcessTimeout;
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"opentracker exited at start.\n`{_process.Command}`\n{_process.Output}");
            }

            try
            {
                string body = await http.GetStringAsync(probe + "started");
                if (body.StartsWith('d') && !body.Contains("failure reason", StringComparison.Ordinal))
                {
                    string goodbye = await http.GetStringAsync(probe + "stopped");
                    if (!goodbye.StartsWith('d'))
                    {
                        throw new InvalidOperationException($"opentracker did not take the probe's \"stopped\": {goodbye}");
                    }

                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException)
            {
                // Not answering yet.
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"opentracker did not serve {whitelisted} on port {Port}.\n`{_process.Command}`\n{_process.Output}");
            }

            await Task.Delay(50);
        }
    }
}
