using System;
using System.Collections.Generic;
using System.Management.Automation;
using TorrentPS.Tracking.Hosting;

namespace TorrentPS.PowerShell.Commands
{
    /// <summary>
    /// Invoke-TorrentScrape: asks every tracker of each torrent (BEP 48 scrape, or BEP 15 over UDP) how many
    /// seeders, completed downloads and leechers it counts. Emits one TorrentPS.TrackerScrapeResult per torrent per
    /// tracker; a tracker that failed is also a non-terminating error (TrackerScrapeFailed).
    /// </summary>
    [Cmdlet(VerbsLifecycle.Invoke, "TorrentScrape", DefaultParameterSetName = PathSet)]
    [OutputType(typeof(TrackerScrapeResult))]
    public sealed class InvokeTorrentScrapeCommand : PSCmdlet, IDisposable
    {
        private const string InputObjectSet = "InputObject";
        private const string PathSet = "Path";
        private const string LiteralPathSet = "LiteralPath";
        private const string UriSet = "Uri";
        private const string InfoHashSet = "InfoHash";

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

        /// <summary>Bare info-hashes (40 hex or 32 base32 characters); they name no tracker, so -Tracker is needed.</summary>
        [Parameter(Mandatory = true, ParameterSetName = InfoHashSet, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string[] InfoHash { get; set; } = Array.Empty<string>();

        /// <summary>Trackers to ask instead of the torrent's.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string[] Tracker { get; set; } = Array.Empty<string>();

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
                Timeout = TimeoutSec > 0 ? TimeSpan.FromSeconds(TimeoutSec) : (TimeSpan?)null,
            });
        }

        protected override void ProcessRecord()
        {
            foreach (TrackerTarget target in ReadTargets())
            {
                Scrape(target);
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
            InfoHashSet => _reader!.FromInfoHashes(InfoHash),
            _ => _reader!.FromPaths(Path),
        };

        private void Scrape(TrackerTarget target)
        {
            IReadOnlyList<string> trackers = _query!.TrackersFor(target);
            if (trackers.Count == 0)
            {
                WriteError(TrackerErrorRecords.NoTrackerFor(target));
                return;
            }

            foreach (string tracker in trackers)
            {
                WriteVerbose($"Scraping {target} at {TrackerClient.GetScrapeUrl(tracker) ?? tracker}.");
            }

            foreach (TrackerScrapeResult result in _cancellation.Wait(_query.ScrapeAsync(target, _cancellation.Token)))
            {
                WriteObject(result);
                if (!result.IsSuccess)
                {
                    WriteError(TrackerErrorRecords.ScrapeFailed(result));
                }
            }
        }
    }
}
