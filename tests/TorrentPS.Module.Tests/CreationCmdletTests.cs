using System.Management.Automation;
using System.Reflection;

namespace TorrentPS.Module.Tests;

/// <summary>The surface of New-Torrent and Test-TorrentData, read by reflection.</summary>
public class CreationCmdletTests
{
    private static readonly ParameterSetDeclaration AnySet = new(CmdletMetadata.AllParameterSets, false, null, false, false);

    [Fact]
    public void NewTorrent_takes_files_and_folders_by_path_or_from_Get_ChildItem_and_writes_with_ShouldProcess()
    {
        CmdletMetadata cmdlet = CmdletMetadata.Get("New-Torrent");

        Assert.Equal("Path", cmdlet.DefaultParameterSetName);
        Assert.Equal(["LiteralPath", "Path"], cmdlet.ParameterSetNames.Order().ToArray());
        Assert.Equal(new ParameterSetDeclaration("Path", true, 0, true, true), Assert.Single(cmdlet.Parameter("Path").Sets));
        Assert.Equal(new ParameterSetDeclaration("LiteralPath", true, null, false, true), Assert.Single(cmdlet.Parameter("LiteralPath").Sets));
        Assert.Equal(new ParameterSetDeclaration(CmdletMetadata.AllParameterSets, false, 1, false, false), Assert.Single(cmdlet.Parameter("OutFile").Sets));
        Assert.True(cmdlet.SupportsShouldProcess);
        Assert.Equal([typeof(TorrentInfo)], Assert.Single(cmdlet.OutputTypes).Types);
    }

    [Theory]
    [InlineData("Tracker", typeof(string[]))]
    [InlineData("WebSeed", typeof(string[]))]
    [InlineData("PieceSize", typeof(int))]
    [InlineData("Private", typeof(SwitchParameter))]
    [InlineData("Comment", typeof(string))]
    [InlineData("Source", typeof(string))]
    [InlineData("IncludeHidden", typeof(SwitchParameter))]
    [InlineData("Force", typeof(SwitchParameter))]
    [InlineData("PassThru", typeof(SwitchParameter))]
    public void NewTorrent_has_the_options_of_the_issue_for_every_input(string name, Type type)
    {
        ParameterMetadata parameter = CmdletMetadata.Get("New-Torrent").Parameter(name);

        Assert.Equal(type, parameter.Type);
        Assert.Equal(AnySet, Assert.Single(parameter.Sets));
    }

    [Fact]
    public void NewTorrent_piece_size_range_is_the_engines()
    {
        ParameterMetadata pieceSize = CmdletMetadata.Get("New-Torrent").Parameter("PieceSize");

        var range = pieceSize.Property.GetCustomAttributesData().Single(a => a.AttributeType == typeof(ValidateRangeAttribute));
        Assert.Equal(new object?[] { TorrentCreationOptions.MinPieceLength, TorrentCreationOptions.MaxPieceLength }, range.ConstructorArguments.Select(a => a.Value).ToArray());
    }

    [Fact]
    public void TestTorrentData_takes_torrents_from_the_pipeline_and_the_data_by_path()
    {
        CmdletMetadata cmdlet = CmdletMetadata.Get("Test-TorrentData");

        Assert.Equal("Path", cmdlet.DefaultParameterSetName);
        Assert.False(cmdlet.SupportsShouldProcess, "Test-TorrentData only reads.");
        ParameterMetadata torrent = cmdlet.Parameter("Torrent");
        Assert.Equal(typeof(object[]), torrent.Type);
        Assert.Equal(new ParameterSetDeclaration(CmdletMetadata.AllParameterSets, true, 0, true, false), Assert.Single(torrent.Sets));
        // The data: optional (the current location) and second by position, so `Test-TorrentData x.torrent D` reads naturally.
        Assert.Equal(new ParameterSetDeclaration("Path", false, 1, false, true), Assert.Single(cmdlet.Parameter("Path").Sets));
        Assert.Equal(new ParameterSetDeclaration("LiteralPath", true, null, false, true), Assert.Single(cmdlet.Parameter("LiteralPath").Sets));
        Assert.True(cmdlet.Parameter("Summary").IsSwitch);
        Assert.True(cmdlet.Parameter("Quiet").IsSwitch);
    }

    [Fact]
    public void TestTorrentData_emits_file_checks_a_summary_or_a_boolean()
    {
        var outputs = CmdletMetadata.Get("Test-TorrentData").OutputTypes.SelectMany(o => o.Types).ToArray();

        Assert.Equal([typeof(bool), typeof(DataCheckResult), typeof(TorrentFileCheck)], outputs.OrderBy(t => t.Name).ToArray());
        Assert.Equal("TorrentPS.TorrentFileCheck", typeof(TorrentFileCheck).FullName);
        Assert.Equal("TorrentPS.DataCheckResult", typeof(DataCheckResult).FullName);
    }

    [Theory]
    [InlineData("New-Torrent")]
    [InlineData("Test-TorrentData")]
    public void Both_answer_Ctrl_C_and_release_their_token(string name)
    {
        Type type = CmdletMetadata.Get(name).Type;

        Assert.True(typeof(IDisposable).IsAssignableFrom(type));
        Assert.Equal(type, type.GetMethod("StopProcessing", BindingFlags.NonPublic | BindingFlags.Instance)!.DeclaringType);
    }

    [Theory]
    [InlineData(typeof(TorrentFileCheck))]
    [InlineData(typeof(DataCheckResult))]
    [InlineData(typeof(TorrentHashProgress))]
    [InlineData(typeof(TorrentContent))]
    [InlineData(typeof(BuiltTorrent))]
    public void The_types_they_emit_are_immutable_with_a_ToString(Type type)
    {
        Assert.True(type.IsSealed && type.IsPublic);
        Assert.All(type.GetProperties(BindingFlags.Public | BindingFlags.Instance), p => Assert.Null(p.GetSetMethod()));
        Assert.Equal(type, type.GetMethod("ToString", Type.EmptyTypes)!.DeclaringType);
    }
}
