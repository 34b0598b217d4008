using System.Management.Automation;
using System.Reflection;
using TorrentPS.Jobs;

namespace TorrentPS.Module.Tests;

/// <summary>The surface of Start-TorrentSeed, the seeding knobs of Start-TorrentDownload, and the seed job type, read by reflection.</summary>
public class SeedCmdletTests
{
    [Fact]
    public void Start_seed_takes_paths_files_and_torrent_objects_and_returns_jobs_or_results()
    {
        CmdletMetadata cmdlet = CmdletMetadata.Get("Start-TorrentSeed");

        Assert.Equal("Path", cmdlet.DefaultParameterSetName);
        Assert.Equal(["InputObject", "LiteralPath", "Path"], cmdlet.ParameterSetNames.Order().ToArray());
        Assert.Equal(new ParameterSetDeclaration("Path", true, 0, true, true), Assert.Single(cmdlet.Parameter("Path").Sets));
        Assert.Equal(new ParameterSetDeclaration("LiteralPath", true, null, false, true), Assert.Single(cmdlet.Parameter("LiteralPath").Sets));
        Assert.Equal(["PSPath", "LP"], cmdlet.Parameter("LiteralPath").Aliases);
        ParameterMetadata input = cmdlet.Parameter("InputObject");
        Assert.Equal(typeof(TorrentInfo[]), input.Type);
        Assert.Equal(new ParameterSetDeclaration("InputObject", true, null, true, false), Assert.Single(input.Sets));

        Assert.True(cmdlet.SupportsShouldProcess, "Start-TorrentSeed opens a port and writes resume data.");
        var outputs = cmdlet.OutputTypes.SelectMany(o => o.Types).ToArray();
        Assert.Equal([typeof(TorrentSeedJob), typeof(TorrentSeedResult)], outputs.OrderBy(t => t.Name).ToArray());
    }

    [Fact]
    public void Start_seed_has_the_knobs_of_the_issue_for_every_input_and_none_from_the_pipeline()
    {
        CmdletMetadata cmdlet = CmdletMetadata.Get("Start-TorrentSeed");
        var all = new ParameterSetDeclaration(CmdletMetadata.AllParameterSets, false, null, false, false);

        foreach (string name in new[] { "Peer", "Tracker", "NoTracker", "SeedRatio", "SeedTime", "UploadLimit", "MaxPeers", "Port", "Wait" })
        {
            Assert.Equal(all, Assert.Single(cmdlet.Parameter(name).Sets));
        }

        Assert.Equal(new ParameterSetDeclaration(CmdletMetadata.AllParameterSets, false, 1, false, false), Assert.Single(cmdlet.Parameter("DataPath").Sets));
        Assert.Equal(["Destination"], cmdlet.Parameter("DataPath").Aliases);
        Assert.Equal(typeof(double), cmdlet.Parameter("SeedRatio").Type);
        Assert.Equal(typeof(TimeSpan), cmdlet.Parameter("SeedTime").Type);
        Assert.Equal(typeof(long), cmdlet.Parameter("UploadLimit").Type);
        Assert.True(cmdlet.Parameter("Wait").IsSwitch);
        Assert.True(cmdlet.Parameter("NoTracker").IsSwitch);
        Assert.Equal(new object?[] { 0, 65535 }, RangeOf(cmdlet.Parameter("Port")));
        Assert.Equal(new object?[] { 0.001, 1000000.0 }, RangeOf(cmdlet.Parameter("SeedRatio")));
        Assert.Equal(new object?[] { 0L, long.MaxValue }, RangeOf(cmdlet.Parameter("UploadLimit")));
    }

    [Fact]
    public void Start_download_can_seed_afterwards()
    {
        CmdletMetadata cmdlet = CmdletMetadata.Get("Start-TorrentDownload");
        var all = new ParameterSetDeclaration(CmdletMetadata.AllParameterSets, false, null, false, false);

        Assert.Equal(all, Assert.Single(cmdlet.Parameter("SeedRatio").Sets));
        Assert.Equal(all, Assert.Single(cmdlet.Parameter("SeedTime").Sets));
        Assert.Equal(typeof(double), cmdlet.Parameter("SeedRatio").Type);
        Assert.Equal(typeof(TimeSpan), cmdlet.Parameter("SeedTime").Type);
        Assert.Equal(new object?[] { 0.001, 1000000.0 }, RangeOf(cmdlet.Parameter("SeedRatio")));
    }

    [Fact]
    public void Start_seed_answers_Ctrl_C_and_releases_its_token()
    {
        Type type = CmdletMetadata.Get("Start-TorrentSeed").Type;

        Assert.True(typeof(IDisposable).IsAssignableFrom(type));
        Assert.Equal(type, type.GetMethod("StopProcessing", BindingFlags.NonPublic | BindingFlags.Instance)!.DeclaringType);
    }

    [Fact]
    public void The_seed_job_is_a_plain_Job_subclass_with_a_stable_type_name()
    {
        Type type = typeof(TorrentSeedJob);

        Assert.Equal("TorrentPS.TorrentSeedJob", type.FullName);
        Assert.True(type.IsPublic && type.IsSealed);
        Assert.Equal(typeof(Job), type.BaseType);
        Assert.Equal("TorrentSeed", TorrentSeedJob.JobTypeName);
        Assert.Empty(type.GetConstructors(BindingFlags.Public | BindingFlags.Instance));
    }

    [Theory]
    [InlineData("Torrent", typeof(TorrentInfo))]
    [InlineData("InfoHash", typeof(InfoHash))]
    [InlineData("DataPath", typeof(string))]
    [InlineData("Port", typeof(int))]
    [InlineData("Status", typeof(TorrentStatus))]
    [InlineData("SeedState", typeof(TorrentJobState))]
    [InlineData("Activity", typeof(TorrentActivity))]
    [InlineData("UploadRate", typeof(double))]
    [InlineData("BytesUploaded", typeof(long))]
    [InlineData("Ratio", typeof(double))]
    [InlineData("PeersConnected", typeof(int))]
    [InlineData("Result", typeof(TorrentSeedResult))]
    public void The_seed_job_carries_live_typed_properties_that_scripts_can_read_but_not_set(string name, Type type)
    {
        PropertyInfo property = typeof(TorrentSeedJob).GetProperty(name, BindingFlags.Public | BindingFlags.Instance)!;

        Assert.NotNull(property);
        Assert.Equal(type, property.PropertyType);
        Assert.Null(property.GetSetMethod());
    }

    [Fact]
    public void The_seed_result_is_immutable_with_a_summary()
    {
        Type type = typeof(TorrentSeedResult);

        Assert.Equal("TorrentPS.TorrentSeedResult", type.FullName);
        Assert.All(type.GetProperties(BindingFlags.Public | BindingFlags.Instance), p => Assert.Null(p.GetSetMethod()));
        Assert.Empty(type.GetFields(BindingFlags.Public | BindingFlags.Instance));
        Assert.Equal(type, type.GetMethod("ToString", Type.EmptyTypes)!.DeclaringType);
    }

    [Fact]
    public void The_job_command_line_starts_the_same_seeding_again()
    {
        TorrentInfo torrent = TorrentInfo.Load(System.Text.Encoding.ASCII.GetBytes("d4:infod6:lengthi5e4:name5:a.bin12:piece lengthi16384e6:pieces20:aaaaaaaaaaaaaaaaaaaaee"), "/t/it's.torrent");

        Assert.Equal("Start-TorrentSeed -LiteralPath '/t/it''s.torrent' -DataPath '/data'", SeedJobText.Command(torrent, "/data"));
    }

    private static object?[] RangeOf(ParameterMetadata parameter)
    {
        var range = parameter.Property.GetCustomAttributesData().Single(a => a.AttributeType == typeof(ValidateRangeAttribute));
        return range.ConstructorArguments.Select(a => a.Value).ToArray();
    }
}
