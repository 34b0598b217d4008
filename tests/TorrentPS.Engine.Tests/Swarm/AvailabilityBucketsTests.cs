using TorrentPS.Swarm;

namespace TorrentPS.Engine.Tests.Swarm;

public class AvailabilityBucketsTests
{
    private static int[] Bucket(AvailabilityBuckets buckets, int count) => buckets.Bucket(count).Order().ToArray();

    [Fact]
    public void Pieces_move_between_buckets_as_their_count_changes()
    {
        var buckets = new AvailabilityBuckets(4);
        buckets.Increment(2);
        buckets.Increment(2);
        buckets.Increment(3);
        buckets.Decrement(0); // already zero: stays

        Assert.Equal(new[] { 0, 1 }, Bucket(buckets, 0));
        Assert.Equal(new[] { 3 }, Bucket(buckets, 1));
        Assert.Equal(new[] { 2 }, Bucket(buckets, 2));
        Assert.Equal(2, buckets.MaxCount);
    }

    [Fact]
    public void An_excluded_piece_is_in_no_bucket_but_keeps_its_count()
    {
        var buckets = new AvailabilityBuckets(3);
        buckets.Increment(1);
        buckets.Exclude(1);
        buckets.Exclude(1); // twice is harmless
        Assert.False(buckets.IsIncluded(1));
        Assert.Empty(buckets.Bucket(1));

        buckets.Increment(1);
        buckets.Increment(1);
        buckets.Decrement(1);
        Assert.Equal(2, buckets.Availability(1));
        Assert.Equal(new[] { 0, 2 }, Bucket(buckets, 0));

        buckets.Include(1);
        buckets.Include(1);
        Assert.True(buckets.IsIncluded(1));
        Assert.Equal(new[] { 1 }, Bucket(buckets, 2));
        Assert.Equal(new[] { 0, 2 }, Bucket(buckets, 0));
    }

    [Fact]
    public void Excluding_one_piece_leaves_the_others_of_its_bucket_where_they_are()
    {
        var buckets = new AvailabilityBuckets(5);
        buckets.Exclude(0);
        buckets.Exclude(3);
        Assert.Equal(new[] { 1, 2, 4 }, Bucket(buckets, 0));

        // The moved pieces' positions stay right: moving them again still works.
        buckets.Increment(4);
        buckets.Increment(1);
        buckets.Exclude(2);
        Assert.Empty(buckets.Bucket(0));
        Assert.Equal(new[] { 1, 4 }, Bucket(buckets, 1));
    }

    [Fact]
    public void A_piece_included_above_the_highest_bucket_creates_it()
    {
        var buckets = new AvailabilityBuckets(2);
        buckets.Exclude(0);
        for (int k = 0; k < 3; k++)
        {
            buckets.Increment(0);
        }

        Assert.Equal(0, buckets.MaxCount);
        buckets.Include(0);
        Assert.Equal(3, buckets.MaxCount);
        Assert.Equal(new[] { 0 }, Bucket(buckets, 3));
    }
}
