using System.Management.Automation;
using System.Reflection;
using TorrentPS.Jobs;

namespace TorrentPS.Module.Tests;

/// <summary>The surface of Start-TorrentDownload, its companions and the job type they share, read by reflection.</summary>
public class DownloadCmdletTests
{
    private static readonly string[] Companions = ["Wait-TorrentDownload", "Stop-TorrentDownload", "Suspend-TorrentDownload", "Resume-TorrentDownload"];

    public static TheoryData<string> CompanionNames() => new(Companions);

    [Fact]
    public void Start_takes_paths_files_and_torrent_objects_and_returns_jobs_or_results()
    {
        CmdletMetadata cmdlet = CmdletMetadata.Get("Start-TorrentDownload");

        Assert.Equal("Path", cmdlet.DefaultParameterSetName);
        Assert.Equal(["InputObject", "LiteralPath", "Path"], cmdlet.ParameterSetNames.Order().ToArray());
        Assert.Equal(new ParameterSetDeclaration("Path", true, 0, true, true), Assert.Single(cmdlet.Parameter("Path").Sets));
        Assert.Equal(new ParameterSetDeclaration("LiteralPath", true, null, false, true), Assert.Single(cmdlet.Parameter("LiteralPath").Sets));
        ParameterMetadata input = cmdlet.Parameter("InputObject");
        Assert.Equal(typeof(TorrentInfo[]), input.Type);
        Assert.Equal(new ParameterSetDeclaration("InputObject", true, null, true, false), Assert.Single(input.Sets));

        Assert.True(cmdlet.SupportsShouldProcess, "Start-TorrentDownload writes files.");
        var outputs = cmdlet.OutputTypes.SelectMany(o => o.Types).ToArray();
        Assert.Equal([typeof(TorrentDownloadJob), typeof(TorrentDownloadResult)], outputs.OrderBy(t => t.Name).ToArray());
        Assert.All(cmdlet.OutputTypes, o => Assert.Empty(o.ParameterSets));
    }

    [Fact]
    public void Start_has_the_knobs_of_the_issue_for_every_input_and_none_from_the_pipeline()
    {
        CmdletMetadata cmdlet = CmdletMetadata.Get("Start-TorrentDownload");
        var all = new ParameterSetDeclaration(CmdletMetadata.AllParameterSets, false, null, false, false);

        foreach (string name in new[] { "Destination", "Peer", "MaxPeers", "Port", "Wait" })
        {
            Assert.Equal(all, Assert.Single(cmdlet.Parameter(name).Sets));
        }

        Assert.Equal(typeof(string), cmdlet.Parameter("Destination").Type);
        Assert.Equal(typeof(string[]), cmdlet.Parameter("Peer").Type);
        Assert.True(cmdlet.Parameter("Wait").IsSwitch);
        Assert.Equal(new object?[] { 1, 65535 }, RangeOf(cmdlet.Parameter("Port")));
        Assert.Equal(new object?[] { 1, 1000 }, RangeOf(cmdlet.Parameter("MaxPeers")));
    }

    [Fact]
    public void Get_finds_jobs_by_name_id_or_the_info_hash_of_piped_torrents()
    {
        CmdletMetadata cmdlet = CmdletMetadata.Get("Get-TorrentDownload");

        Assert.Equal("Name", cmdlet.DefaultParameterSetName);
        ParameterMetadata name = cmdlet.Parameter("Name");
        Assert.True(name.SupportsWildcards);
        Assert.Equal(new ParameterSetDeclaration("Name", false, 0, false, false), Assert.Single(name.Sets));
        Assert.Equal(typeof(int[]), cmdlet.Parameter("Id").Type);
        Assert.Equal(new ParameterSetDeclaration("InfoHash", true, null, false, true), Assert.Single(cmdlet.Parameter("InfoHash").Sets));
        Assert.Equal([typeof(TorrentDownloadJob)], Assert.Single(cmdlet.OutputTypes).Types);
    }

    [Theory]
    [MemberData(nameof(CompanionNames))]
    public void Companions_take_download_jobs_from_the_pipeline_and_pass_them_on(string name)
    {
        CmdletMetadata cmdlet = CmdletMetadata.Get(name);

        ParameterMetadata job = cmdlet.Parameter("Job");
        Assert.Equal(typeof(TorrentDownloadJob[]), job.Type);
        Assert.Equal(new ParameterSetDeclaration(CmdletMetadata.AllParameterSets, true, 0, true, false), Assert.Single(job.Sets));
        Assert.Equal([typeof(TorrentDownloadJob)], Assert.Single(cmdlet.OutputTypes).Types);
        if (name != "Wait-TorrentDownload")
        {
            Assert.True(cmdlet.SupportsShouldProcess, $"{name} changes a download's state.");
            Assert.True(cmdlet.Parameter("PassThru").IsSwitch);
        }
    }

    [Fact]
    public void Wait_can_return_on_the_first_finished_job_or_after_a_timeout()
    {
        CmdletMetadata cmdlet = CmdletMetadata.Get("Wait-TorrentDownload");

        Assert.True(cmdlet.Parameter("Any").IsSwitch);
        Assert.Equal(["TimeoutSec"], cmdlet.Parameter("Timeout").Aliases);
        Assert.Equal(new object?[] { 1, int.MaxValue }, RangeOf(cmdlet.Parameter("Timeout")));
    }

    [Theory]
    [InlineData("Start-TorrentDownload")]
    [InlineData("Wait-TorrentDownload")]
    [InlineData("Stop-TorrentDownload")]
    [InlineData("Suspend-TorrentDownload")]
    public void Cmdlets_that_block_answer_Ctrl_C_and_release_their_token(string name)
    {
        Type type = CmdletMetadata.Get(name).Type;

        Assert.True(typeof(IDisposable).IsAssignableFrom(type));
        Assert.Equal(type, type.GetMethod("StopProcessing", BindingFlags.NonPublic | BindingFlags.Instance)!.DeclaringType);
    }

    [Fact]
    public void The_job_is_a_plain_Job_subclass_with_a_stable_type_name()
    {
        Type type = typeof(TorrentDownloadJob);

        Assert.Equal("TorrentPS.TorrentDownloadJob", type.FullName);
        Assert.True(type.IsPublic && type.IsSealed);
        Assert.Equal(typeof(Job), type.BaseType);
        Assert.Equal("TorrentDownload", TorrentDownloadJob.JobTypeName);
        Assert.Empty(type.GetConstructors(BindingFlags.Public | BindingFlags.Instance));
    }

    [Theory]
    [InlineData("Torrent", typeof(TorrentInfo))]
    [InlineData("InfoHash", typeof(InfoHash))]
    [InlineData("Destination", typeof(string))]
    [InlineData("Status", typeof(TorrentStatus))]
    [InlineData("DownloadState", typeof(TorrentJobState))]
    [InlineData("Activity", typeof(TorrentActivity))]
    [InlineData("PercentComplete", typeof(double))]
    [InlineData("DownloadRate", typeof(double))]
    [InlineData("UploadRate", typeof(double))]
    [InlineData("PeersConnected", typeof(int))]
    [InlineData("PeersKnown", typeof(int))]
    [InlineData("SeedsConnected", typeof(int))]
    [InlineData("BytesDone", typeof(long))]
    [InlineData("BytesTotal", typeof(long))]
    [InlineData("Eta", typeof(TimeSpan?))]
    [InlineData("Result", typeof(TorrentDownloadResult))]
    public void The_job_carries_live_typed_properties_that_scripts_can_read_but_not_set(string name, Type type)
    {
        PropertyInfo property = typeof(TorrentDownloadJob).GetProperty(name, BindingFlags.Public | BindingFlags.Instance)!;

        Assert.NotNull(property);
        Assert.Equal(type, property.PropertyType);
        Assert.Null(property.GetSetMethod());
    }

    [Theory]
    [InlineData("SuspendJob")]
    [InlineData("ResumeJob")]
    public void Pausing_is_on_the_job_for_scripts_too(string method)
    {
        Assert.NotNull(typeof(TorrentDownloadJob).GetMethod(method, BindingFlags.Public | BindingFlags.Instance, Type.EmptyTypes));
    }

    [Fact]
    public void Every_job_state_has_a_PowerShell_JobState_of_the_same_name()
    {
        // The adapter maps TorrentJobState onto JobState one to one; a new engine state must be mapped too.
        var jobStates = Enum.GetNames<JobState>();

        Assert.All(Enum.GetNames<TorrentJobState>(), state => Assert.Contains(state, jobStates));
    }

    private static object?[] RangeOf(ParameterMetadata parameter)
    {
        var range = parameter.Property.GetCustomAttributesData().Single(a => a.AttributeType == typeof(ValidateRangeAttribute));
        return range.ConstructorArguments.Select(a => a.Value).ToArray();
    }
}
