using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace TorrentPS.Tracking.Http
{
    /// <summary>Reads a stream to its end, refusing to hold more than a fixed number of bytes.</summary>
    internal static class BoundedStreamReader
    {
        public static async Task<byte[]> ReadAsync(Stream stream, int maxBytes, string tracker, CancellationToken cancellationToken)
        {
            using var buffer = new MemoryStream();
            byte[] chunk = new byte[16 * 1024];
            while (true)
            {
                int read = await stream.ReadAsync(chunk, 0, chunk.Length, cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    return buffer.ToArray();
                }

                if (buffer.Length + read > maxBytes)
                {
                    throw new TrackerException(tracker, $"the answer is longer than the limit of {maxBytes} bytes.", TrackerFailureKind.Protocol);
                }

                buffer.Write(chunk, 0, read);
            }
        }
    }
}
