using System.Collections.Generic;

namespace TorrentPS.Storage
{
    /// <summary>
    /// The file segments a piece or byte range covers, in torrent order. A struct with a struct enumerator so
    /// the hot path (every block read and every piece write) maps ranges without allocating.
    /// </summary>
    public readonly struct FileSegmentRange
    {
        private readonly TorrentFile[]? _files;
        private readonly int _firstFile;
        private readonly long _start;
        private readonly int _length;

        internal FileSegmentRange(TorrentFile[] files, int firstFile, long start, int length)
        {
            _files = files;
            _firstFile = firstFile;
            _start = start;
            _length = length;
        }

        /// <summary>Where the range starts in the torrent's byte stream.</summary>
        public long Start => _start;

        public int Length => _length;

        public Enumerator GetEnumerator() => new Enumerator(_files, _firstFile, _start, _length);

        public FileSegment[] ToArray()
        {
            var segments = new List<FileSegment>();
            foreach (FileSegment segment in this)
            {
                segments.Add(segment);
            }

            return segments.ToArray();
        }

        public struct Enumerator
        {
            private readonly TorrentFile[]? _files;
            private readonly long _start;
            private readonly long _end;
            private int _fileIndex;
            private long _position;
            private FileSegment _current;

            internal Enumerator(TorrentFile[]? files, int firstFile, long start, int length)
            {
                _files = files;
                _start = start;
                _end = start + length;
                _fileIndex = firstFile;
                _position = start;
                _current = default;
            }

            public FileSegment Current => _current;

            public bool MoveNext()
            {
                if (_files is null || _position >= _end)
                {
                    return false;
                }

                TorrentFile file = _files[_fileIndex];
                long offsetInFile = _position - file.Offset;
                long take = file.Length - offsetInFile;
                if (take > _end - _position)
                {
                    take = _end - _position;
                }

                _current = new FileSegment(file, offsetInFile, (int)take, (int)(_position - _start));
                _position += take;
                _fileIndex++;
                return true;
            }
        }
    }
}
