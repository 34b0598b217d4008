using System;

namespace TorrentPS
{
    /// <summary>
    /// A torrent could not be created. The message says what was wrong and <see cref="Path"/> (or
    /// <see cref="Option"/>) says where: the file, folder or option involved.
    /// </summary>
    public sealed class TorrentCreationException : Exception
    {
        public TorrentCreationException(TorrentCreationErrorKind kind, string? path, string reason, Exception? innerException = null, string? option = null)
            : base(Compose(path, option, reason), innerException)
        {
            Kind = kind;
            Path = path;
            Option = option;
            Reason = reason;
        }

        public TorrentCreationErrorKind Kind { get; }

        /// <summary>The full path of the file or folder involved, when one is.</summary>
        public string? Path { get; }

        /// <summary>The option that was wrong (such as "piece length" or "tracker"), when one was.</summary>
        public string? Option { get; }

        /// <summary>Why it failed, without the path or option.</summary>
        public string Reason { get; }

        internal static TorrentCreationException InvalidOption(string option, string reason) =>
            new TorrentCreationException(TorrentCreationErrorKind.InvalidOption, null, reason, option: option);

        private static string Compose(string? path, string? option, string reason)
        {
            if (path is not null)
            {
                return $"{path}: {reason}";
            }

            return option is null ? reason : $"{option}: {reason}";
        }
    }
}
