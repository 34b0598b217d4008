using System.Collections.Specialized;
using System.Management.Automation;

namespace TorrentPS.Module.Tests;

/// <summary>The pipeline and parameter-set shape each cmdlet promises in its help.</summary>
public class PipelineBindingTests
{
    [Fact]
    public void GetTorrentInfo_binds_paths_files_magnet_links_and_bytes()
    {
        CmdletMetadata cmdlet = CmdletMetadata.Get("Get-TorrentInfo");

        Assert.Equal("Path", cmdlet.DefaultParameterSetName);
        Assert.Equal(["Bytes", "LiteralPath", "Path", "Uri"], cmdlet.ParameterSetNames.Order().ToArray());

        var path = Assert.Single(cmdlet.Parameter("Path").Sets);
        Assert.Equal(new ParameterSetDeclaration("Path", Mandatory: true, Position: 0, ValueFromPipeline: true, ValueFromPipelineByPropertyName: true), path);

        var literal = Assert.Single(cmdlet.Parameter("LiteralPath").Sets);
        Assert.Equal(new ParameterSetDeclaration("LiteralPath", true, null, false, true), literal);

        ParameterMetadata uri = cmdlet.Parameter("Uri");
        Assert.Equal(typeof(string[]), uri.Type);
        Assert.Equal(new ParameterSetDeclaration("Uri", true, null, true, true), Assert.Single(uri.Sets));

        ParameterMetadata bytes = cmdlet.Parameter("Bytes");
        Assert.Equal(typeof(byte[]), bytes.Type);
        Assert.Equal(new ParameterSetDeclaration("Bytes", true, null, false, false), Assert.Single(bytes.Sets));
    }

    [Fact]
    public void GetTorrentInfo_emits_the_engines_types_per_parameter_set()
    {
        CmdletMetadata cmdlet = CmdletMetadata.Get("Get-TorrentInfo");

        var torrent = Assert.Single(cmdlet.OutputTypes, o => o.Types.Contains(typeof(TorrentInfo)));
        Assert.Equal(["Bytes", "LiteralPath", "Path"], torrent.ParameterSets.Order().ToArray());
        var magnet = Assert.Single(cmdlet.OutputTypes, o => o.Types.Contains(typeof(MagnetLink)));
        Assert.Equal(["Uri"], magnet.ParameterSets);
    }

    [Fact]
    public void ConvertFromBencode_takes_bytes_from_the_pipeline_and_files_by_path()
    {
        CmdletMetadata cmdlet = CmdletMetadata.Get("ConvertFrom-Bencode");

        Assert.Equal("InputObject", cmdlet.DefaultParameterSetName);
        ParameterMetadata input = cmdlet.Parameter("InputObject");
        Assert.Equal(typeof(byte[]), input.Type);
        Assert.Equal(new ParameterSetDeclaration("InputObject", true, null, true, false), Assert.Single(input.Sets));

        // -Path must not take strings by value: a piped byte would otherwise have two candidates.
        Assert.Equal(new ParameterSetDeclaration("Path", true, 0, false, true), Assert.Single(cmdlet.Parameter("Path").Sets));
        Assert.True(cmdlet.Parameter("AsByteArray").IsSwitch);
        Assert.Contains(cmdlet.OutputTypes.SelectMany(o => o.Types), t => t == typeof(OrderedDictionary));
    }

    [Fact]
    public void ConvertToBencode_takes_any_object_from_the_pipeline_and_returns_bytes()
    {
        CmdletMetadata cmdlet = CmdletMetadata.Get("ConvertTo-Bencode");

        ParameterMetadata input = cmdlet.Parameter("InputObject");
        Assert.Equal(typeof(object), input.Type);
        Assert.Equal(new ParameterSetDeclaration(CmdletMetadata.AllParameterSets, true, 0, true, false), Assert.Single(input.Sets));
        Assert.Equal(typeof(string), cmdlet.Parameter("OutFile").Type);
        Assert.True(cmdlet.SupportsShouldProcess);
        Assert.Equal([typeof(byte[])], Assert.Single(cmdlet.OutputTypes).Types);
    }
}

/// <summary>The tracker cmdlets take what Get-TorrentInfo and Get-ChildItem emit, and paths, magnet links and hashes.</summary>
public class TrackerPipelineBindingTests
{
    [Theory]
    [InlineData("Invoke-TorrentAnnounce")]
    [InlineData("Invoke-TorrentScrape")]
    [InlineData("Get-TorrentPeer")]
    public void Torrents_bind_by_value_files_by_path_and_magnet_links_by_uri(string name)
    {
        CmdletMetadata cmdlet = CmdletMetadata.Get(name);

        Assert.Equal("Path", cmdlet.DefaultParameterSetName);
        ParameterMetadata input = cmdlet.Parameter("InputObject");
        Assert.Equal(typeof(TorrentInfo[]), input.Type);
        Assert.Equal(new ParameterSetDeclaration("InputObject", true, null, true, false), Assert.Single(input.Sets));
        Assert.Equal(new ParameterSetDeclaration("Path", true, 0, true, true), Assert.Single(cmdlet.Parameter("Path").Sets));
        Assert.Equal(new ParameterSetDeclaration("LiteralPath", true, null, false, true), Assert.Single(cmdlet.Parameter("LiteralPath").Sets));
        Assert.Equal(new ParameterSetDeclaration("Uri", true, null, true, true), Assert.Single(cmdlet.Parameter("Uri").Sets));

        // -Tracker and -TimeoutSec apply whatever the input is, and are never taken from the pipeline.
        foreach (string common in new[] { "Tracker", "TimeoutSec" })
        {
            Assert.Equal(new ParameterSetDeclaration(CmdletMetadata.AllParameterSets, false, null, false, false), Assert.Single(cmdlet.Parameter(common).Sets));
        }

        Assert.Equal(typeof(string[]), cmdlet.Parameter("Tracker").Type);
        Assert.Contains(typeof(ValidateNotNullOrEmptyAttribute), cmdlet.Parameter("Tracker").AttributeTypes);
        Assert.Equal(new object?[] { 1, 3600 }, RangeOf(cmdlet.Parameter("TimeoutSec")));
    }

    [Fact]
    public void Announce_has_the_knobs_of_the_issue_with_their_ranges()
    {
        CmdletMetadata cmdlet = CmdletMetadata.Get("Invoke-TorrentAnnounce");

        Assert.Equal(["InputObject", "LiteralPath", "Path", "Uri"], cmdlet.ParameterSetNames.Order().ToArray());
        Assert.Equal(typeof(TrackerEvent), cmdlet.Parameter("Event").Type);
        Assert.True(typeof(TrackerEvent).IsEnum);
        Assert.Equal(new object?[] { 1, 65535 }, RangeOf(cmdlet.Parameter("Port")));
        Assert.Equal(new object?[] { 0, TorrentPS.Tracking.Hosting.TrackerQueryOptions.MaxNumWant }, RangeOf(cmdlet.Parameter("NumWant")));
        Assert.True(cmdlet.Parameter("All").IsSwitch);
        Assert.Equal([typeof(TrackerAnnounceResult)], Assert.Single(cmdlet.OutputTypes).Types);
        Assert.Empty(Assert.Single(cmdlet.OutputTypes).ParameterSets);
    }

    [Fact]
    public void Scrape_also_takes_bare_info_hashes_by_property_name()
    {
        CmdletMetadata cmdlet = CmdletMetadata.Get("Invoke-TorrentScrape");

        Assert.Equal(["InfoHash", "InputObject", "LiteralPath", "Path", "Uri"], cmdlet.ParameterSetNames.Order().ToArray());
        ParameterMetadata infoHash = cmdlet.Parameter("InfoHash");
        Assert.Equal(typeof(string[]), infoHash.Type);
        Assert.Equal(new ParameterSetDeclaration("InfoHash", true, null, false, true), Assert.Single(infoHash.Sets));
        Assert.DoesNotContain(cmdlet.Parameters, p => p.Name is "Event" or "Port" or "NumWant" or "All");
        Assert.Equal([typeof(TrackerScrapeResult)], Assert.Single(cmdlet.OutputTypes).Types);
    }

    [Theory]
    [InlineData(typeof(TorrentPS.PowerShell.Commands.InvokeTorrentAnnounceCommand))]
    [InlineData(typeof(TorrentPS.PowerShell.Commands.InvokeTorrentScrapeCommand))]
    [InlineData(typeof(TorrentPS.PowerShell.Commands.GetTorrentPeerCommand))]
    public void Tracker_cmdlets_can_be_stopped_and_release_their_connections(Type type)
    {
        // StopProcessing cancels the engine's token; Dispose frees the HTTP client when a pipeline is stopped
        // before EndProcessing runs.
        Assert.True(typeof(IDisposable).IsAssignableFrom(type));
        Assert.Equal(type, type.GetMethod("StopProcessing", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)!.DeclaringType);
    }

    private static object?[] RangeOf(ParameterMetadata parameter)
    {
        var range = parameter.Property.GetCustomAttributesData().Single(a => a.AttributeType == typeof(ValidateRangeAttribute));
        return range.ConstructorArguments.Select(a => a.Value).ToArray();
    }
}
