using System;
using System.Collections.Generic;
using System.Globalization;
using System.Management.Automation;
using TorrentPS.Tracking.Hosting;

namespace TorrentPS.PowerShell.Commands
{
    /// <summary>
    /// Invoke-TorrentAnnounce: one announce per torrent, tier by tier until a tracker answers (or to all of them
    /// with -All). Emits one TorrentPS.TrackerAnnounceResult per tracker asked; a tracker that failed is also a
    /// non-terminating error (TrackerAnnounceFailed) whose target is the tracker's URL.
    /// </summary>
    [Cmdlet(VerbsLifecycle.Invoke, "TorrentAnnounce", DefaultParameterSetName = PathSet)]
    [OutputType(typeof(TrackerAnnounceResult))]
    public sealed class InvokeTorrentAnnounceCommand : PSCmdlet, IDisposable
    {
        private const string InputObjectSet = "InputObject";
        private const string PathSet = "Path";
        private const string LiteralPathSet = "LiteralPath";
        private const string UriSet = "Uri";

        private readonly PipelineCancellation _cancellation = new PipelineCancellation();
        private TrackerTargetReader? _reader;
        private TrackerQuery? _query;

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

        /// <summary>Trackers to ask instead of the torrent's, in this order.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string[] Tracker { get; set; } = Array.Empty<string>();

        /// <summary>The announce event; None is a regular announce.</summary>
        [Parameter]
        [ValidateNotNull]
        public TrackerEvent Event { get; set; } = TrackerEvent.None;

        /// <summary>The port we tell trackers we accept peers on.</summary>
        [Parameter]
        [ValidateRange(1, 65535)]
        public int Port { get; set; } = TrackerQueryOptions.DefaultPort;

        /// <summary>How many peers to ask for.</summary>
        [Parameter]
        [ValidateRange(0, TrackerQueryOptions.MaxNumWant)]
        public int NumWant { get; set; } = AnnounceRequest.DefaultNumWant;

        /// <summary>Ask every tracker, not just tiers up to the first that answers.</summary>
        [Parameter]
        public SwitchParameter All { get; set; }

        /// <summary>How long one tracker may take to answer, in seconds.</summary>
        [Parameter]
        [ValidateRange(1, 3600)]
        public int TimeoutSec { get; set; }

        protected override void BeginProcessing()
        {
            _reader = new TrackerTargetReader(this);
            _query = new TrackerQuery(new TrackerQueryOptions
            {
                Trackers = Tracker,
                Event = Event,
                Port = Port,
                NumWant = NumWant,
                All = All.IsPresent,
                Timeout = TimeoutSec > 0 ? TimeSpan.FromSeconds(TimeoutSec) : (TimeSpan?)null,
            });
            WriteDebug($"Announcing as peer id {_query.PeerId}.");
        }

        protected override void ProcessRecord()
        {
            foreach (TrackerTarget target in ReadTargets())
            {
                Announce(target);
            }
        }

        protected override void EndProcessing() => Dispose();

        protected override void StopProcessing() => _cancellation.Cancel();

        public void Dispose()
        {
            _query?.Dispose();
            _cancellation.Dispose();
        }

        private IEnumerable<TrackerTarget> ReadTargets() => ParameterSetName switch
        {
            InputObjectSet => TrackerTargetReader.FromTorrents(InputObject),
            LiteralPathSet => _reader!.FromLiteralPaths(LiteralPath),
            UriSet => _reader!.FromUris(Uri),
            _ => _reader!.FromPaths(Path),
        };

        private void Announce(TrackerTarget target)
        {
            IReadOnlyList<IReadOnlyList<string>> tiers = _query!.TiersFor(target);
            if (tiers.Count == 0)
            {
                WriteError(TrackerErrorRecords.NoTrackerFor(target));
                return;
            }

            string how = All.IsPresent ? "every tracker" : "tier by tier until one answers";
            WriteVerbose($"Announcing {target} ({how}): {string.Join(" | ", Describe(tiers))}.");
            IReadOnlyList<TrackerAnnounceResult> results = _cancellation.Wait(_query.AnnounceAsync(target, _cancellation.Token));
            foreach (TrackerAnnounceResult result in results)
            {
                WriteVerbose(string.Format(CultureInfo.InvariantCulture, "Announced to {0}.", result));
                WriteObject(result);
                TrackerErrorRecords.WriteProblems(this, result);
            }
        }

        private static IEnumerable<string> Describe(IReadOnlyList<IReadOnlyList<string>> tiers)
        {
            foreach (IReadOnlyList<string> tier in tiers)
            {
                yield return string.Join(", ", tier);
            }
        }
    }
}
