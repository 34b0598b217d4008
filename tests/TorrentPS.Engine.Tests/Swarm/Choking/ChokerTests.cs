using TorrentPS.Swarm;
using TorrentPS.Swarm.Choking;

namespace TorrentPS.Engine.Tests.Swarm.Choking;

public sealed class ChokerTests
{
    private static readonly TimeSpan Old = TimeSpan.Zero;
    private static readonly TimeSpan Start = TimeSpan.FromMinutes(10);

    private static ChokerPeer<string> Peer(string name, double down = 0, double up = 0, bool interested = true, bool snubbed = false, TimeSpan? connectedAt = null) =>
        new(name, connectedAt ?? Old) { IsInterested = interested, DownloadRate = down, UploadRate = up, IsSnubbed = snubbed };

    private static TimeSpan At(double seconds) => Start + TimeSpan.FromSeconds(seconds);

    [Fact]
    public void Leeching_gives_the_regular_slots_to_the_interested_peers_that_give_us_most()
    {
        var choker = new Choker<string>(new ChokerSettings { UploadSlots = 4, OptimisticSlots = 1 }, new Random(1));
        ChokerPeer<string>[] peers =
        [
            Peer("a", down: 100), Peer("b", down: 900), Peer("c", down: 500), Peer("d", down: 700),
            Peer("e", down: 10_000, interested: false), Peer("f", down: 50),
        ];

        ChokerDecision<string> decision = choker.Rechoke(peers, ChokerMode.Leeching, Start);

        Assert.Equal(["b", "d", "c"], decision.Regular);
        string optimistic = Assert.Single(decision.Optimistic);
        Assert.Contains(optimistic, new[] { "a", "f" });
        Assert.False(decision.IsUnchoked("e"));
        Assert.Equal(4, decision.Unchoked.Count);
        Assert.Equal(Start + TimeSpan.FromSeconds(10), decision.NextRechokeAt);
    }

    [Fact]
    public void A_snubbing_peer_loses_its_regular_slot_whatever_its_rate_but_may_be_unchoked_optimistically()
    {
        var choker = new Choker<string>(new ChokerSettings { UploadSlots = 2, OptimisticSlots = 1 }, new Random(2));
        ChokerDecision<string> decision = choker.Rechoke([Peer("fast-but-snubbing", down: 5000, snubbed: true), Peer("slow", down: 10)], ChokerMode.Leeching, Start);

        Assert.Equal(["slow"], decision.Regular);
        Assert.Equal(["fast-but-snubbing"], decision.Optimistic);
    }

    [Fact]
    public void The_optimistic_unchoke_holds_for_30_seconds_across_rechecks_and_then_rotates()
    {
        var choker = new Choker<string>(new ChokerSettings { UploadSlots = 2, OptimisticSlots = 1 }, new Random(3));
        ChokerPeer<string>[] peers = [Peer("top", down: 1000), Peer("x"), Peer("y"), Peer("z")];

        ChokerDecision<string> first = choker.Rechoke(peers, ChokerMode.Leeching, At(0));
        string picked = Assert.Single(first.Optimistic);
        Assert.True(first.OptimisticRotated);
        foreach (double t in new[] { 10.0, 20.0, 29.9 })
        {
            ChokerDecision<string> again = choker.Rechoke(peers, ChokerMode.Leeching, At(t));
            Assert.Equal([picked], again.Optimistic);
            Assert.False(again.OptimisticRotated);
        }

        ChokerDecision<string> rotated = choker.Rechoke(peers, ChokerMode.Leeching, At(30));
        Assert.True(rotated.OptimisticRotated);
        Assert.NotEqual(picked, Assert.Single(rotated.Optimistic));
        Assert.Equal(["top"], rotated.Regular);
    }

    [Fact]
    public void An_optimistic_peer_that_leaves_or_loses_interest_is_replaced_at_the_next_rechoke()
    {
        var choker = new Choker<string>(new ChokerSettings { UploadSlots = 1, OptimisticSlots = 1 }, new Random(4));
        ChokerDecision<string> first = choker.Rechoke([Peer("x"), Peer("y")], ChokerMode.Leeching, At(0));
        string picked = Assert.Single(first.Optimistic);
        string other = picked == "x" ? "y" : "x";

        ChokerDecision<string> afterLeave = choker.Rechoke([Peer(other)], ChokerMode.Leeching, At(10));
        Assert.Equal([other], afterLeave.Optimistic);

        ChokerDecision<string> afterDisinterest = choker.Rechoke([Peer(other, interested: false), Peer(picked)], ChokerMode.Leeching, At(20));
        Assert.Equal([picked], afterDisinterest.Optimistic);
    }

    [Fact]
    public void New_peers_are_about_three_times_likelier_to_be_picked_optimistically()
    {
        // One new peer among three old ones: weights 3:1:1:1, so it should win about half of the picks (an unweighted pick: a quarter).
        var random = new Random(5);
        int newWins = 0;
        const int Trials = 4000;
        for (int i = 0; i < Trials; i++)
        {
            var choker = new Choker<string>(new ChokerSettings { UploadSlots = 1, OptimisticSlots = 1 }, random);
            ChokerPeer<string>[] peers = [Peer("old1"), Peer("old2"), Peer("old3"), Peer("new", connectedAt: Start - TimeSpan.FromSeconds(5))];
            if (choker.Rechoke(peers, ChokerMode.Leeching, Start).Optimistic[0] == "new")
            {
                newWins++;
            }
        }

        Assert.InRange(newWins / (double)Trials, 0.45, 0.55);
    }

    [Fact]
    public void Seeding_rotates_the_regular_slots_so_every_interested_peer_gets_turns()
    {
        var settings = new ChokerSettings { UploadSlots = 2, OptimisticSlots = 0, SeedingTurn = TimeSpan.FromSeconds(30) };
        var choker = new Choker<string>(settings, new Random(6));
        ChokerPeer<string>[] peers = new[] { "a", "b", "c", "d", "e", "f" }.Select((n, i) => Peer(n, up: 1000, connectedAt: TimeSpan.FromSeconds(i))).ToArray();

        var turns = new List<string>();
        for (int t = 0; t < 90; t += 10)
        {
            ChokerDecision<string> decision = choker.Rechoke(peers, ChokerMode.Seeding, At(t));
            turns.Add(string.Join("", decision.Regular.Order()));
        }

        Assert.Equal(["ab", "ab", "ab", "cd", "cd", "cd", "ef", "ef", "ef"], turns);
        Assert.Equal(["a", "b"], choker.Rechoke(peers, ChokerMode.Seeding, At(90)).Regular.Order());
    }

    [Fact]
    public void Seeding_ignores_download_rates_and_snubbing_and_gives_waiting_newcomers_the_next_turn()
    {
        var settings = new ChokerSettings { UploadSlots = 1, OptimisticSlots = 0, SeedingTurn = TimeSpan.FromSeconds(20) };
        var choker = new Choker<string>(settings, new Random(7));
        Assert.Equal(["first"], choker.Rechoke([Peer("first", snubbed: true)], ChokerMode.Seeding, At(0)).Regular);
        ChokerPeer<string>[] both = [Peer("first", snubbed: true), Peer("late", down: 1e9, connectedAt: At(5))];
        Assert.Equal(["first"], choker.Rechoke(both, ChokerMode.Seeding, At(10)).Regular);
        Assert.Equal(["late"], choker.Rechoke(both, ChokerMode.Seeding, At(20)).Regular);
        Assert.Equal(["first"], choker.Rechoke(both, ChokerMode.Seeding, At(40)).Regular);
    }

    [Fact]
    public void Decisions_follow_a_scripted_rate_history_measured_over_20_seconds()
    {
        // Three peers deliver bytes second by second; each rechoke (every 10 s) ranks them by their 20 s rate.
        // Script: "steady" gives 5 KB/s throughout; "burst" gives 20 KB/s for the first 20 s then nothing;
        // "late" gives nothing for 20 s then 8 KB/s. With one regular slot the slot follows the rates.
        var meters = new Dictionary<string, RateMeter> { ["steady"] = new(20), ["burst"] = new(20), ["late"] = new(20) };
        var choker = new Choker<string>(new ChokerSettings { UploadSlots = 1, OptimisticSlots = 0 }, new Random(8));
        var winners = new List<string>();
        for (int second = 0; second <= 60; second++)
        {
            TimeSpan now = At(second);
            meters["steady"].Add(5000, now);
            meters["burst"].Add(second < 20 ? 20_000 : 0, now);
            meters["late"].Add(second < 20 ? 0 : 8000, now);
            if (second % 10 == 0 && second > 0)
            {
                ChokerPeer<string>[] peers = meters.Select(m => Peer(m.Key, down: m.Value.BytesPerSecond(now))).ToArray();
                winners.Add(choker.Rechoke(peers, ChokerMode.Leeching, now).Regular.Single());
            }
        }

        // At 10 and 20 s the burst dominates; at 30 s its 20 s window still holds 10 s of it (10 KB/s vs 4 and 5);
        // from 40 s the window is past the burst and "late" (8 KB/s) beats "steady" (5 KB/s).
        Assert.Equal(["burst", "burst", "burst", "late", "late", "late"], winners);
    }

    [Fact]
    public void Equal_rates_keep_the_peers_already_unchoked_instead_of_flapping()
    {
        var choker = new Choker<string>(new ChokerSettings { UploadSlots = 1, OptimisticSlots = 0 }, new Random(9));
        Assert.Equal(["b"], choker.Rechoke([Peer("a", down: 10, connectedAt: At(1)), Peer("b", down: 20, connectedAt: At(2))], ChokerMode.Leeching, At(10)).Regular);
        Assert.Equal(["b"], choker.Rechoke([Peer("a", down: 20, connectedAt: At(1)), Peer("b", down: 20, connectedAt: At(2))], ChokerMode.Leeching, At(20)).Regular);
    }

    [Fact]
    public void Nobody_is_unchoked_when_nobody_is_interested()
    {
        var choker = new Choker<string>(random: new Random(10));
        ChokerDecision<string> decision = choker.Rechoke([Peer("a", interested: false), Peer("b", interested: false)], ChokerMode.Seeding, Start);
        Assert.Empty(decision.Unchoked);
    }

    [Fact]
    public void Bad_settings_and_duplicate_peers_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new Choker<string>(new ChokerSettings { UploadSlots = 1, OptimisticSlots = 2 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Choker<string>(new ChokerSettings { RechokeInterval = TimeSpan.Zero }));
        var choker = new Choker<string>();
        Assert.Throws<ArgumentException>(() => choker.Rechoke([Peer("a"), Peer("a")], ChokerMode.Leeching, Start));
    }
}
