using System;
using System.Collections.Generic;
using System.Globalization;
using System.Management.Automation;
using TorrentPS.Jobs;
using TorrentPS.Peers;
using TorrentPS.Peers.Hosting;
using TorrentPS.Tracking.Hosting;

namespace TorrentPS.PowerShell.Commands
{
    /// <summary>
    /// Get-TorrentPeer: the peers of a torrent, from its trackers, its magnet link (x.pe) and -Peer, each listed once
    /// with where it came from. With -Probe every peer is connected to in parallel (bounded by -ThrottleLimit, each
    /// within -TimeoutSec) and the result says whether it answered, how fast it shook hands, which client it runs
    /// and how much of the torrent it has. Emits TorrentPS.TorrentPeer objects whether probed or not, so tables
    /// line up and filters need no type checks. A tracker that failed is a non-terminating TrackerAnnounceFailed error.
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "TorrentPeer", DefaultParameterSetName = PathSet)]
    [OutputType(typeof(TorrentPeer))]
    public sealed class GetTorrentPeerCommand : PSCmdlet, IDisposable
    {
        public const int MaxTimeoutSec = 3600;
        public const int MaxThrottleLimit = 1024;

        private const string InputObjectSet = "InputObject";
        private const string PathSet = "Path";
        private const string LiteralPathSet = "LiteralPath";
        private const string UriSet = "Uri";

        private readonly PipelineCancellation _cancellation = new PipelineCancellation();
        private TrackerTargetReader? _reader;
        private TorrentPeerFinder? _finder;
        private IReadOnlyList<PeerProbeTarget> _manual = Array.Empty<PeerProbeTarget>();

        /// <summary>Torrents from Get-TorrentInfo.</summary>
        [Parameter(Mandatory = true, ParameterSetName = InputObjectSet, ValueFromPipeline = true)]
        [ValidateNotNullOrEmpty]
        public TorrentInfo[] InputObject { get; set; } = Array.Empty<TorrentInfo>();

        /// <summary>Paths to .torrent files (wildcards expand), or magnet links.</summary>
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = PathSet, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        [SupportsWildcards]
        public string[] Path { get; set; } = Array.Empty<string>();

        /// <summary>Paths to .torrent files, used exactly as written; Get-ChildItem output binds here through PSPath.</summary>
        [Parameter(Mandatory = true, ParameterSetName = LiteralPathSet, ValueFromPipelineByPropertyName = true)]
        [Alias("PSPath", "LP")]
        [ValidateNotNullOrEmpty]
        public string[] LiteralPath { get; set; } = Array.Empty<string>();

        /// <summary>Magnet links; MagnetLink objects bind here through their Uri property.</summary>
        [Parameter(Mandatory = true, ParameterSetName = UriSet, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string[] Uri { get; set; } = Array.Empty<string>();

        /// <summary>Peers to list (and probe) besides those the trackers name: host:port, or [IPv6]:port.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string[] Peer { get; set; } = Array.Empty<string>();

        /// <summary>Connect to every peer and report what it says: reachable, handshake time, client, pieces.</summary>
        [Parameter]
        public SwitchParameter Probe { get; set; }

        /// <summary>Seconds one tracker may take to answer, and one peer to connect, shake hands and list its pieces.</summary>
        [Parameter]
        [ValidateRange(1, MaxTimeoutSec)]
        public int TimeoutSec { get; set; }

        /// <summary>Peers probed at the same time.</summary>
        [Parameter]
        [ValidateRange(1, MaxThrottleLimit)]
        public int ThrottleLimit { get; set; } = PeerProbeOptions.Default.MaxConcurrency;

        /// <summary>Trackers to ask instead of the torrent's, in this order.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string[] Tracker { get; set; } = Array.Empty<string>();

        /// <summary>Ask no tracker: list (and probe) only -Peer and the magnet link's peers.</summary>
        [Parameter]
        public SwitchParameter NoTracker { get; set; }

        /// <summary>Ask every tracker, not just tiers up to the first that answers.</summary>
        [Parameter]
        public SwitchParameter All { get; set; }

        /// <summary>How many peers to ask each tracker for.</summary>
        [Parameter]
        [ValidateRange(0, TrackerQueryOptions.MaxNumWant)]
        public int NumWant { get; set; } = AnnounceRequest.DefaultNumWant;

        /// <summary>The port we tell trackers we accept peers on.</summary>
        [Parameter]
        [ValidateRange(1, 65535)]
        public int Port { get; set; } = TrackerQueryOptions.DefaultPort;

        protected override void BeginProcessing()
        {
            _manual = ParsePeers();
            _reader = new TrackerTargetReader(this);
            TimeSpan? timeout = TimeoutSec > 0 ? TimeSpan.FromSeconds(TimeoutSec) : (TimeSpan?)null;
            _finder = new TorrentPeerFinder(new TorrentPeerFinderOptions
            {
                UseTrackers = !NoTracker.IsPresent,
                Trackers = new TrackerQueryOptions
                {
                    Trackers = Tracker,
                    Port = Port,
                    NumWant = NumWant,
                    All = All.IsPresent,
                    Timeout = timeout,
                },
                Probe = new PeerProbeOptions
                {
                    Timeout = timeout ?? PeerProbeOptions.Default.Timeout,
                    AvailabilityWait = timeout is TimeSpan t && t < PeerProbeOptions.Default.AvailabilityWait ? t : PeerProbeOptions.Default.AvailabilityWait,
                    MaxConcurrency = ThrottleLimit,
                },
            });
            WriteDebug($"Asking trackers as peer id {_finder.PeerId}.");
        }

        protected override void ProcessRecord()
        {
            foreach (TrackerTarget target in ReadTargets())
            {
                Find(target);
            }
        }

        protected override void EndProcessing() => Dispose();

        protected override void StopProcessing() => _cancellation.Cancel();

        public void Dispose()
        {
            _finder?.Dispose();
            _cancellation.Dispose();
        }

        private IEnumerable<TrackerTarget> ReadTargets() => ParameterSetName switch
        {
            InputObjectSet => TrackerTargetReader.FromTorrents(InputObject),
            LiteralPathSet => _reader!.FromLiteralPaths(LiteralPath),
            UriSet => _reader!.FromUris(Uri),
            _ => _reader!.FromPaths(Path),
        };

        private void Find(TrackerTarget target)
        {
            IReadOnlyList<IReadOnlyList<string>> tiers = _finder!.TiersFor(target);
            bool hasOtherPeers = _manual.Count > 0 || (target.Source is MagnetLink link && link.Peers.Count > 0);
            if (tiers.Count == 0 && !hasOtherPeers)
            {
                // Nothing to ask and nothing given: say why the list is empty rather than emit nothing.
                WriteError(TrackerErrorRecords.NoTrackerFor(target));
                return;
            }

            bool probe = Probe.IsPresent;
            if (probe && !(target.Source is TorrentInfo))
            {
                WriteVerbose($"{target}: without the torrent's piece count (a magnet link or an info-hash gives none) the probe cannot tell which pieces each peer has.");
            }

            WriteVerbose(tiers.Count == 0
                ? $"Listing the given peers of {target}; no tracker asked."
                : $"Asking the trackers of {target} for peers ({(All.IsPresent ? "every tracker" : "tier by tier until one answers")}).");
            var activity = new ProgressRecord(1, $"Peers of {target.Name}", probe ? "Asking trackers and probing peers" : "Asking trackers");
            WriteProgress(activity);
            TorrentPeerSearch search;
            try
            {
                search = _cancellation.Wait(_finder.FindAsync(target, _manual, probe, _cancellation.Token));
            }
            finally
            {
                activity.RecordType = ProgressRecordType.Completed;
                WriteProgress(activity);
            }

            foreach (TrackerAnnounceResult announce in search.Announces)
            {
                WriteVerbose(string.Format(CultureInfo.InvariantCulture, "Announced to {0}.", announce));
                TrackerErrorRecords.WriteProblems(this, announce);
            }

            WriteVerbose(string.Format(CultureInfo.InvariantCulture, "{0}: {1} peers{2}.", target, search.Peers.Count, search.Probed ? ", probed" : string.Empty));
            foreach (TorrentPeer peer in search.Peers)
            {
                WriteObject(peer);
            }
        }

        private List<PeerProbeTarget> ParsePeers()
        {
            var peers = new List<PeerProbeTarget>(Peer.Length);
            foreach (string text in Peer)
            {
                try
                {
                    (string host, int port) = PeerEndPointParser.Split(text);
                    peers.Add(new PeerProbeTarget(host, port, PeerSources.Manual));
                }
                catch (FormatException e)
                {
                    ThrowTerminatingError(ErrorRecords.Create(e, DownloadErrors.InvalidPeerAddress, ErrorCategory.InvalidArgument, text));
                }
            }

            return peers;
        }
    }
}
