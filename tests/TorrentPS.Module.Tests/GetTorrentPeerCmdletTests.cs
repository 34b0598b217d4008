using System.Management.Automation;
using System.Reflection;
using TorrentPS.Peers;
using TorrentPS.Tracking.Hosting;

namespace TorrentPS.Module.Tests;

/// <summary>The surface of Get-TorrentPeer and the TorrentPS.TorrentPeer objects it emits, read by reflection.</summary>
public class GetTorrentPeerCmdletTests
{
    private static readonly ParameterSetDeclaration EverySet = new(CmdletMetadata.AllParameterSets, false, null, false, false);

    [Fact]
    public void Emits_one_type_whether_probing_or_not()
    {
        CmdletMetadata cmdlet = CmdletMetadata.Get("Get-TorrentPeer");

        Assert.Equal([typeof(TorrentPeer)], Assert.Single(cmdlet.OutputTypes).Types);
        Assert.Empty(Assert.Single(cmdlet.OutputTypes).ParameterSets);
        Assert.Equal(["InputObject", "LiteralPath", "Path", "Uri"], cmdlet.ParameterSetNames.Order().ToArray());
        Assert.False(cmdlet.SupportsShouldProcess, "Get-TorrentPeer writes nothing.");
    }

    [Fact]
    public void Has_the_knobs_of_the_issue_for_every_input_and_none_from_the_pipeline()
    {
        CmdletMetadata cmdlet = CmdletMetadata.Get("Get-TorrentPeer");

        foreach (string name in new[] { "Peer", "Probe", "TimeoutSec", "ThrottleLimit", "Tracker", "NoTracker", "All", "NumWant", "Port" })
        {
            Assert.Equal(EverySet, Assert.Single(cmdlet.Parameter(name).Sets));
        }

        Assert.Equal(typeof(string[]), cmdlet.Parameter("Peer").Type);
        Assert.Contains(typeof(ValidateNotNullOrEmptyAttribute), cmdlet.Parameter("Peer").AttributeTypes);
        Assert.True(cmdlet.Parameter("Probe").IsSwitch);
        Assert.True(cmdlet.Parameter("NoTracker").IsSwitch);
        Assert.True(cmdlet.Parameter("All").IsSwitch);
        Assert.Equal(new object?[] { 1, 3600 }, RangeOf(cmdlet.Parameter("TimeoutSec")));
        Assert.Equal(new object?[] { 1, 1024 }, RangeOf(cmdlet.Parameter("ThrottleLimit")));
        Assert.Equal(new object?[] { 0, TrackerQueryOptions.MaxNumWant }, RangeOf(cmdlet.Parameter("NumWant")));
        Assert.Equal(new object?[] { 1, 65535 }, RangeOf(cmdlet.Parameter("Port")));
    }

    [Fact]
    public void Probes_as_many_peers_at_once_as_the_engine_does_by_default()
    {
        var command = new TorrentPS.PowerShell.Commands.GetTorrentPeerCommand();

        Assert.Equal(PeerProbeOptions.Default.MaxConcurrency, command.ThrottleLimit);
        Assert.Equal(TrackerQueryOptions.DefaultPort, command.Port);
        Assert.Equal(0, command.TimeoutSec);
    }

    [Fact]
    public void The_emitted_type_is_immutable_with_a_ToString_of_its_own()
    {
        Type type = typeof(TorrentPeer);

        Assert.Equal("TorrentPS", type.Namespace);
        Assert.True(type.IsSealed);
        Assert.Empty(type.GetFields(BindingFlags.Public | BindingFlags.Instance));
        Assert.Empty(type.GetConstructors(BindingFlags.Public | BindingFlags.Instance));
        Assert.All(type.GetProperties(BindingFlags.Public | BindingFlags.Instance), p => Assert.Null(p.SetMethod));
        Assert.Equal(type, type.GetMethod(nameof(ToString), Type.EmptyTypes)!.DeclaringType);
        foreach (string name in new[] { "Address", "Port", "EndPoint", "Source", "Tracker", "PeerId", "Client", "IsProbed", "Reachable", "HandshakeTime", "PiecesHave", "PercentComplete", "Error", "InfoHash" })
        {
            Assert.NotNull(type.GetProperty(name));
        }

        // Not probed is "unknown", not "unreachable".
        Assert.Equal(typeof(bool?), type.GetProperty("Reachable")!.PropertyType);
    }

    private static object?[] RangeOf(ParameterMetadata parameter)
    {
        var range = parameter.Property.GetCustomAttributesData().Single(a => a.AttributeType == typeof(ValidateRangeAttribute));
        return range.ConstructorArguments.Select(a => a.Value).ToArray();
    }
}
