using System.Globalization;
using TorrentPS.Interop.Tests.Support;

namespace TorrentPS.Interop.Tests.Peers;

/// <summary>aria2c seeding a torrent from a data folder on 127.0.0.1 (settings from docs/real-peers.md), with no tracker, DHT, LPD or PEX.</summary>
public static class Aria2Seeder
{
    public static SeederProcess Start(string torrentPath, string dataFolder, int port)
    {
        string aria2c = ExternalTool.Require("aria2c", "aria2");
        return SeederProcess.Start(aria2c, new[]
        {
            "--enable-dht=false", "--enable-dht6=false", "--bt-enable-lpd=false", "--enable-peer-exchange=false",
            "--bt-exclude-tracker=*", "--interface=127.0.0.1",
            "--listen-port=" + port.ToString(CultureInfo.InvariantCulture),
            "--seed-ratio=0", "--check-integrity=true", "--file-allocation=none",
            "--summary-interval=0", "--console-log-level=notice", "--no-conf=true",
            "--dir=" + dataFolder,
            torrentPath,
        });
    }
}
