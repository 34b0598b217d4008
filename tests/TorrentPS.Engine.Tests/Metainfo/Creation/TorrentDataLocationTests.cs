using TorrentPS.Engine.Tests.Storage;

namespace TorrentPS.Engine.Tests.Metainfo.Creation;

public sealed class TorrentDataLocationTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task A_multi_file_torrents_data_is_found_from_the_download_folder_or_from_its_own_folder()
    {
        string album = CreationContent.Album(_folder.Path);
        TorrentInfo torrent = (await TorrentBuilder.CreateAsync(album)).Torrent;

        Assert.Equal(_folder.Path, TorrentDataLocation.Resolve(torrent, _folder.Path));
        Assert.Equal(_folder.Path, TorrentDataLocation.Resolve(torrent, album));
        Assert.Equal(_folder.Path, TorrentDataLocation.Resolve(torrent, album + Path.DirectorySeparatorChar));
        var file = Assert.Throws<StorageException>(() => TorrentDataLocation.Resolve(torrent, Path.Combine(album, "b.bin")));
        Assert.Contains("holds a folder 'album'", file.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_single_file_torrents_data_is_found_from_its_folder_or_the_file()
    {
        string file = CreationContent.Write(_folder.Path, "one.bin", 5000);
        TorrentInfo torrent = (await TorrentBuilder.CreateAsync(file)).Torrent;
        string other = CreationContent.Write(_folder.Path, "other.bin", 5000);

        Assert.Equal(_folder.Path, TorrentDataLocation.Resolve(torrent, _folder.Path));
        Assert.Equal(_folder.Path, TorrentDataLocation.Resolve(torrent, file));
        var error = Assert.Throws<StorageException>(() => TorrentDataLocation.Resolve(torrent, other));
        Assert.Equal((StorageErrorKind.NotFound, other), (error.Kind, error.Path));
        Assert.Contains("'one.bin'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_path_that_does_not_exist_is_NotFound()
    {
        string file = CreationContent.Write(_folder.Path, "one.bin", 5000);
        TorrentInfo torrent = (await TorrentBuilder.CreateAsync(file)).Torrent;
        string missing = _folder.Combine("nope");

        var error = Assert.Throws<StorageException>(() => TorrentDataLocation.Resolve(torrent, missing));

        Assert.Equal((StorageErrorKind.NotFound, missing), (error.Kind, error.Path));
        Assert.Contains("no such file or folder", error.Message, StringComparison.Ordinal);
    }
}
