using System;
using System.Collections.Generic;
using System.IO;

namespace TorrentPS.Metainfo.Creation
{
    /// <summary>
    /// Which files a torrent leaves out unless asked to keep them: hidden ones (a leading '.', the Unix convention,
    /// or the Hidden attribute on Windows) and the clutter operating systems drop into folders, which is never
    /// part of what someone means to share and differs between the machines that might make the "same" torrent.
    /// </summary>
    internal static class HiddenFiles
    {
        private static readonly HashSet<string> JunkNames = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
        {
            ".DS_Store",                    // macOS Finder folder settings
            "Thumbs.db",                    // Windows Explorer thumbnail cache
            "ehthumbs.db",                  // Windows Media Center thumbnail cache
            "desktop.ini",                  // Windows Explorer folder settings
            "$RECYCLE.BIN",                 // Windows recycle bin on removable drives
            "System Volume Information",    // Windows restore points on removable drives
        };

        public static bool ShouldSkip(FileSystemInfo entry) =>
            IsJunkName(entry.Name) || entry.Name.StartsWith(".", StringComparison.Ordinal) || (entry.Attributes & FileAttributes.Hidden) != 0;

        /// <summary>OS junk by name; "._x" is a macOS AppleDouble file holding x's resource fork.</summary>
        public static bool IsJunkName(string name) =>
            JunkNames.Contains(name) || name.StartsWith("._", StringComparison.Ordinal);
    }
}
