namespace TorrentPS.Interop.Tests.Support;

/// <summary>A fresh folder under the system temp folder, deleted (with everything in it) on Dispose.</summary>
public sealed class TempDirectory : IDisposable
{
    public TempDirectory(string purpose = "test")
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"torrentps-{purpose}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    /// <summary>A path inside this folder; parent folders are created.</summary>
    public string Combine(params string[] relative)
    {
        string path = System.IO.Path.Combine(new[] { Path }.Concat(relative).ToArray());
        string? parent = System.IO.Path.GetDirectoryName(path);
        if (parent is not null)
        {
            Directory.CreateDirectory(parent);
        }

        return path;
    }

    /// <summary>Writes <paramref name="length"/> bytes of seeded pseudo-random content: reproducible, not compressible.</summary>
    public string WriteFile(string relativePath, long length, int seed = 1)
    {
        string path = Combine(relativePath.Split('/'));
        var random = new Random(seed);
        byte[] buffer = new byte[64 * 1024];
        using FileStream stream = File.Create(path);
        for (long left = length; left > 0; left -= buffer.Length)
        {
            random.NextBytes(buffer);
            stream.Write(buffer, 0, (int)Math.Min(left, buffer.Length));
        }

        return path;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A process we started may still hold a file for a moment (Windows); the temp folder is
            // cleaned by the system eventually, and failing a passed test over it helps no one.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
