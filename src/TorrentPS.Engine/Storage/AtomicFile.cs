using System;
using System.Globalization;
using System.IO;

namespace TorrentPS.Storage
{
    /// <summary>
    /// Replaces a file's content all at once: the new content goes to a temporary file in the same folder, is
    /// flushed to the disk, and is then renamed over the old file. A crash or error at any point leaves either
    /// the old file or the new one, never a mixture; a failed attempt removes its temporary file.
    /// </summary>
    internal static class AtomicFile
    {
        public static void Write(string path, byte[] content, Func<string, Stream>? openTemporary = null)
        {
            string folder = Path.GetDirectoryName(path) ?? ".";
            string temporary = Path.Combine(folder, string.Format(CultureInfo.InvariantCulture, "{0}.{1:N}.tmp", Path.GetFileName(path), Guid.NewGuid()));
            try
            {
                Directory.CreateDirectory(folder);
                using (Stream stream = openTemporary is null ? OpenTemporary(temporary) : openTemporary(temporary))
                {
                    stream.Write(content, 0, content.Length);
                    if (stream is FileStream file)
                    {
                        file.Flush(flushToDisk: true);
                    }
                    else
                    {
                        stream.Flush();
                    }
                }

                MoveOver(temporary, path);
            }
            catch (Exception e) when (StorageErrors.IsFileSystemError(e))
            {
                TryDelete(temporary);
                throw StorageErrors.Wrap(e, path, "save");
            }
        }

        private static FileStream OpenTemporary(string path) =>
            new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 4096, FileOptions.WriteThrough);

        private static void MoveOver(string source, string destination)
        {
            if (File.Exists(destination))
            {
                // A rename on Unix, ReplaceFile on Windows: the destination is swapped in one step.
                File.Replace(source, destination, null);
            }
            else
            {
                File.Move(source, destination);
            }
        }

        private static void TryDelete(string path)
        {
            try
            {
                File.Delete(path);
            }
            catch (Exception e) when (StorageErrors.IsFileSystemError(e))
            {
                // The original error is the one worth reporting; a stray .tmp file is harmless.
            }
        }
    }
}
