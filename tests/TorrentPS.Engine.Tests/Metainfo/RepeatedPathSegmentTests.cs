using static TorrentPS.Engine.Tests.Metainfo.TestTorrent;

namespace TorrentPS.Engine.Tests.Metainfo;

/// <summary>
/// The parser reuses a folder name's checked text for the next file of the same folder; a name that was
/// renamed (with a warning) or refused must still be handled file by file as if nothing were reused.
/// </summary>
public sealed class RepeatedPathSegmentTests
{
    [Fact]
    public void Files_of_one_folder_share_the_folder_name_and_keep_their_own_names()
    {
        TorrentInfo info = TorrentInfo.Load(Encode(MultiFile(16384, ("music/a.flac", 100), ("music/b.flac", 100), ("video/a.flac", 100), ("music/c.flac", 100))));

        Assert.Equal(["root/music/a.flac", "root/music/b.flac", "root/video/a.flac", "root/music/c.flac"], info.Files.Select(f => f.Path));
        Assert.Same(info.Files[0].PathSegments[1], info.Files[1].PathSegments[1]);
        Assert.Equal(["root", "video", "a.flac"], info.Files[2].PathSegments);
        Assert.Empty(info.Warnings);
    }

    [Fact]
    public void A_renamed_folder_is_warned_about_for_every_file_in_it()
    {
        TorrentInfo info = TorrentInfo.Load(Encode(MultiFile(16384, ("aux/1", 100), ("aux/2", 100), ("aux/3", 100))));

        Assert.Equal(["root/_aux/1", "root/_aux/2", "root/_aux/3"], info.Files.Select(f => f.Path));
        Assert.Equal(3, info.Warnings.Count);
        for (int i = 0; i < 3; i++)
        {
            Assert.Contains($"info.files[{i}].path[0]", info.Warnings[i]);
        }
    }

    [Fact]
    public void A_bad_name_after_good_ones_at_the_same_depth_is_still_refused_with_its_own_field()
    {
        MetainfoException error = Assert.Throws<MetainfoException>(() =>
            TorrentInfo.Load(Encode(MultiFile(16384, ("d/ok", 100), ("d/fine", 100), ("d/bell\u0007", 100)))));

        Assert.Equal("info.files[2].path[1]", error.Field);
        Assert.Contains("control character U+0007", error.Message);
    }
}
