using System.Threading.Channels;
using TorrentPS.Tracking;

namespace TorrentPS.Engine.Tests.Tracking.Doubles;

/// <summary>
/// An announcer whose trackers follow a script: each URL maps to a function that answers or throws
/// TrackerException. Every call is recorded and can be awaited, so tests see exactly whom the logic asked.
/// </summary>
public sealed class ScriptedAnnouncer : ITrackerAnnouncer
{
    private readonly Func<string, AnnounceRequest, TrackerAnnounceResult> _script;
    private readonly Channel<(string Tracker, AnnounceRequest Request)> _calls = Channel.CreateUnbounded<(string, AnnounceRequest)>();
    private readonly List<(string Tracker, AnnounceRequest Request)> _log = new();

    public ScriptedAnnouncer(Func<string, AnnounceRequest, TrackerAnnounceResult> script)
    {
        _script = script;
    }

    /// <summary>Trackers in <paramref name="working"/> answer with the given interval; all others fail.</summary>
    public static ScriptedAnnouncer Working(TimeSpan interval, TimeSpan? minInterval, params string[] working)
        => new((tracker, request) => working.Contains(tracker)
            ? Success(tracker, request, interval, minInterval)
            : throw new TrackerException(tracker, "connection refused (scripted)."));

    public static TrackerAnnounceResult Success(string tracker, AnnounceRequest request, TimeSpan interval, TimeSpan? minInterval, string? trackerId = null, params TrackerPeer[] peers)
        => new(tracker, request.InfoHash, interval, minInterval, 1, 2, peers, trackerId: trackerId);

    public IReadOnlyList<(string Tracker, AnnounceRequest Request)> Calls
    {
        get
        {
            lock (_log)
            {
                return _log.ToList();
            }
        }
    }

    public Task<TrackerAnnounceResult> AnnounceAsync(string tracker, AnnounceRequest request, CancellationToken cancellationToken)
    {
        lock (_log)
        {
            _log.Add((tracker, request));
        }

        _calls.Writer.TryWrite((tracker, request));
        return Task.FromResult(_script(tracker, request));
    }

    /// <summary>The next call made (waiting in real time, bounded, for the code under test to make it).</summary>
    public async Task<(string Tracker, AnnounceRequest Request)> NextCallAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        return await _calls.Reader.ReadAsync(timeout.Token);
    }
}
