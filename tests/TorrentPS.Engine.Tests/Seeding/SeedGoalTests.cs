using TorrentPS.Seeding;

namespace TorrentPS.Engine.Tests.Seeding;

public sealed class SeedGoalTests
{
    [Theory]
    [InlineData(1.0, 999, 1000, null)]
    [InlineData(1.0, 1000, 1000, SeedStopReason.RatioReached)]
    [InlineData(0.5, 500, 1000, SeedStopReason.RatioReached)]
    [InlineData(2.5, 2499, 1000, null)]
    public void The_ratio_is_uploaded_bytes_per_byte_of_content(double ratio, long uploaded, long size, SeedStopReason? expected)
    {
        Assert.Equal(expected, SeedGoal.Reached(ratio, null, uploaded, size, TimeSpan.FromDays(1)));
    }

    [Fact]
    public void The_time_limit_counts_from_when_seeding_began()
    {
        TimeSpan limit = TimeSpan.FromMinutes(10);

        Assert.Null(SeedGoal.Reached(null, limit, 0, 1000, TimeSpan.FromMinutes(9.99)));
        Assert.Equal(SeedStopReason.TimeReached, SeedGoal.Reached(null, limit, 0, 1000, limit));
    }

    [Fact]
    public void Without_limits_seeding_never_ends_by_itself()
    {
        Assert.Null(SeedGoal.Reached(null, null, long.MaxValue / 2, 1, TimeSpan.MaxValue));
    }

    [Fact]
    public void When_both_are_reached_the_ratio_is_named()
    {
        Assert.Equal(SeedStopReason.RatioReached, SeedGoal.Reached(1, TimeSpan.FromSeconds(1), 2000, 1000, TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public void A_result_reports_its_ratio_rate_and_reason()
    {
        var result = new TorrentSeedResult("data", default, "/x/data", 1024, TimeSpan.FromSeconds(4), 2048, 2, 8, 8, 6881, SeedStopReason.RatioReached);

        Assert.Equal(2.0, result.Ratio);
        Assert.Equal(512, result.AverageUploadRate);
        Assert.True(result.IsComplete);
        Assert.Equal("data: uploaded 2 KiB (ratio 2.00) to 2 peers in 4 s; ratio reached", result.ToString());
    }
}
