using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;

namespace TorrentPS.PowerShell.Commands
{
    /// <summary>
    /// Get-TorrentDownload: this session's download jobs (TorrentPS.TorrentDownloadJob), with their live figures,
    /// by name, id or info-hash. Get-Job lists them too, among every other job.
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "TorrentDownload", DefaultParameterSetName = NameSet)]
    [OutputType(typeof(TorrentDownloadJob))]
    public sealed class GetTorrentDownloadCommand : PSCmdlet
    {
        private const string NameSet = "Name";
        private const string IdSet = "Id";
        private const string InfoHashSet = "InfoHash";

        /// <summary>Job names (the torrents' names); wildcards match. All download jobs when not given.</summary>
        [Parameter(Position = 0, ParameterSetName = NameSet)]
        [ValidateNotNullOrEmpty]
        [SupportsWildcards]
        public string[] Name { get; set; } = Array.Empty<string>();

        /// <summary>Job ids, as Get-Job shows them.</summary>
        [Parameter(Mandatory = true, ParameterSetName = IdSet)]
        [ValidateNotNullOrEmpty]
        public int[] Id { get; set; } = Array.Empty<int>();

        /// <summary>Info-hashes (40 hex or 32 base32 characters); TorrentInfo objects bind here by their InfoHash.</summary>
        [Parameter(Mandatory = true, ParameterSetName = InfoHashSet, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string[] InfoHash { get; set; } = Array.Empty<string>();

        protected override void ProcessRecord()
        {
            List<TorrentDownloadJob> jobs = JobRepository.Jobs.OfType<TorrentDownloadJob>().OrderBy(j => j.Id).ToList();
            switch (ParameterSetName)
            {
                case NameSet:
                    WriteMatches(jobs, Name, name =>
                    {
                        var pattern = WildcardPattern.Get(name, WildcardOptions.IgnoreCase);
                        return job => pattern.IsMatch(job.Name);
                    }, name => WildcardPattern.ContainsWildcardCharacters(name));
                    break;

                case IdSet:
                    WriteMatches(jobs, Id.Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray(), id => job => job.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) == id, _ => false);
                    break;

                case InfoHashSet:
                    var hashes = new List<string>();
                    foreach (string text in InfoHash)
                    {
                        if (TorrentPS.InfoHash.TryParse(text, out TorrentPS.InfoHash hash))
                        {
                            hashes.Add(hash.ToString());
                        }
                        else
                        {
                            var error = new ArgumentException($"'{text}' is not an info-hash: expected 40 hexadecimal or 32 base32 characters.");
                            WriteError(ErrorRecords.Create(error, DownloadErrors.InvalidInfoHash, ErrorCategory.InvalidArgument, text));
                        }
                    }

                    WriteMatches(jobs, hashes.ToArray(), hash => job => job.InfoHash.ToString() == hash, _ => false);
                    break;
            }
        }

        /// <summary>
        /// Writes each job that matches any key once, in id order. A key without wildcards that matches nothing is
        /// an ObjectNotFound error, as with Get-Job.
        /// </summary>
        private void WriteMatches(List<TorrentDownloadJob> jobs, string[] keys, Func<string, Func<TorrentDownloadJob, bool>> matcher, Func<string, bool> isPattern)
        {
            if (keys.Length == 0)
            {
                WriteObject(jobs, enumerateCollection: true);
                return;
            }

            var matched = new HashSet<TorrentDownloadJob>();
            foreach (string key in keys)
            {
                Func<TorrentDownloadJob, bool> matches = matcher(key);
                bool any = false;
                foreach (TorrentDownloadJob job in jobs.Where(matches))
                {
                    any = true;
                    matched.Add(job);
                }

                if (!any && !isPattern(key))
                {
                    var error = new ItemNotFoundException($"No torrent download matches '{key}' ({ParameterSetName}). Get-TorrentDownload lists them all.");
                    WriteError(ErrorRecords.Create(error, DownloadErrors.DownloadNotFound, ErrorCategory.ObjectNotFound, key));
                }
            }

            WriteObject(jobs.Where(matched.Contains), enumerateCollection: true);
        }
    }
}
