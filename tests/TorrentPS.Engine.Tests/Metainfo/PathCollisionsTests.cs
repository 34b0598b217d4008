using TorrentPS.Metainfo;

namespace TorrentPS.Engine.Tests.Metainfo;

/// <summary>
/// PathCollisions records a file's folders only when its parent differs from the previous file's; these cases
/// put the colliding name right after files of the same folder, where that shortcut is taken.
/// </summary>
public sealed class PathCollisionsTests
{
    [Fact]
    public void Files_of_one_folder_and_of_nested_folders_are_accepted()
    {
        var collisions = new PathCollisions();

        foreach (string path in new[] { "root/a/1", "root/a/2", "root/a/b/1", "root/a/b/2", "root/a/3", "root/c", "root/d/e/f/1" })
        {
            collisions.Add(path, 0);
        }
    }

    [Fact]
    public void A_file_named_like_a_folder_seen_earlier_is_refused_after_siblings_in_that_folder()
    {
        var collisions = new PathCollisions();
        collisions.Add("root/a/b/1", 0);
        collisions.Add("root/a/b/2", 1);

        MetainfoException error = Assert.Throws<MetainfoException>(() => collisions.Add("root/a/b", 2));

        Assert.Equal("info.files[2]", error.Field);
        Assert.Contains("'root/a/b' is both a file and a folder", error.Message);
    }

    [Fact]
    public void A_folder_under_a_file_is_refused_even_when_the_file_shares_a_folder_with_the_one_before()
    {
        var collisions = new PathCollisions();
        collisions.Add("root/x/1", 0);
        collisions.Add("root/x/2", 1);

        MetainfoException error = Assert.Throws<MetainfoException>(() => collisions.Add("root/x/2/inner", 2));

        Assert.Equal("info.files[2]", error.Field);
        Assert.Contains("'root/x/2' is both a file and a folder", error.Message);
    }

    [Fact]
    public void The_same_file_twice_in_a_row_is_refused()
    {
        var collisions = new PathCollisions();
        collisions.Add("root/x/1", 0);

        MetainfoException error = Assert.Throws<MetainfoException>(() => collisions.Add("root/x/1", 7));

        Assert.Equal("info.files[7]", error.Field);
        Assert.Contains("appears more than once", error.Message);
    }

    [Fact]
    public void Folders_recorded_before_a_run_of_siblings_still_catch_a_later_file_of_that_name()
    {
        var collisions = new PathCollisions();
        collisions.Add("root/a/b/c/1", 0);
        collisions.Add("root/a/b/c/2", 1);
        collisions.Add("root/z", 2);

        Assert.Throws<MetainfoException>(() => collisions.Add("root/a/b", 3));
        Assert.Throws<MetainfoException>(() => collisions.Add("root/a", 4));
    }

    [Fact]
    public void A_path_segment_field_is_named_only_when_asked_and_names_file_key_and_segment()
    {
        FieldName field = FieldName.PathSegment(12, "path.utf-8", 3);
        FieldName plain = "info.name";

        Assert.Equal("info.files[12].path.utf-8[3]", field.ToString());
        Assert.Equal("info.name", plain.ToString());
    }
}
