using System;

namespace TorrentPS
{
    /// <summary>A torrent file or magnet link is invalid. <see cref="Field"/> names the part that was wrong.</summary>
    public sealed class MetainfoException : Exception
    {
        public MetainfoException(string? field, string reason, string? source = null, Exception? innerException = null)
            : base(Compose(field, reason, source), innerException)
        {
            Field = field;
            Reason = reason;
            Source = source;
        }

        /// <summary>The field that was wrong, as a path such as <c>info.files[3].path</c>; null when the whole input was.</summary>
        public string? Field { get; }

        /// <summary>Why it was rejected, without the field or source.</summary>
        public string Reason { get; }

        /// <summary>The file or URI the input came from, when known.</summary>
        public new string? Source { get; }

        /// <summary>The same error, attributed to the file or URI it came from.</summary>
        public MetainfoException WithSource(string source) => new MetainfoException(Field, Reason, source, InnerException);

        private static string Compose(string? field, string reason, string? source)
        {
            string what = field is null ? reason : $"{field}: {reason}";
            return source is null ? what : $"{source}: {what}";
        }
    }
}
