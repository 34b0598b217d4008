using System.Collections.Specialized;

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
