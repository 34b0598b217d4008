using System;
using TorrentPS.Storage;

namespace TorrentPS.Session
{
    /// <summary>Turns data-check progress into session status snapshots, synchronously, on the reporting thread.</summary>
    internal sealed class CheckStatusReporter : IProgress<CheckProgress>
    {
        private readonly string _name;
        private readonly IProgress<TorrentStatus> _status;

        public CheckStatusReporter(string name, IProgress<TorrentStatus> status)
        {
            _name = name;
            _status = status;
        }

        public void Report(CheckProgress value) =>
            _status.Report(new TorrentStatus(_name, TorrentActivity.CheckingData, value.BytesChecked, value.TotalBytes, value.PiecesGood, value.PieceCount, 0, 0, 0, 0, 0, 0));
    }
}
