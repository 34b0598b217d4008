using System.Reflection;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace TorrentPS.Module.Tests;

/// <summary>TorrentPS.Format.ps1xml stays in step with the engine types it formats.</summary>
public partial class FormatViewTests
{
    private static readonly XDocument Format = XDocument.Load(RepoPaths.FormatFile);

    public static TheoryData<string> ViewNames()
    {
        var data = new TheoryData<string>();
        foreach (XElement view in Format.Descendants("View"))
        {
            data.Add((string)view.Element("Name")!);
        }

        return data;
    }

    private static XElement View(string name) => Format.Descendants("View").Single(v => (string)v.Element("Name")! == name);

    private static Type SelectedType(XElement view)
    {
        string typeName = (string)view.Element("ViewSelectedBy")!.Element("TypeName")!;
        // Engine types, and the module's own job type (a PowerShell Job subclass cannot live in the engine).
        return typeof(TorrentInfo).Assembly.GetType(typeName)
            ?? typeof(TorrentDownloadJob).Assembly.GetType(typeName)
            ?? throw new Xunit.Sdk.XunitException($"View {(string)view.Element("Name")!} selects {typeName}, which is not a type in TorrentPS.Engine or TorrentPS.");
    }

    [Theory]
    [MemberData(nameof(ViewNames))]
    public void Every_view_selects_a_public_engine_type(string name)
    {
        Type type = SelectedType(View(name));

        Assert.True(type.IsPublic);
        Assert.StartsWith(type.FullName + ".", name, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(ViewNames))]
    public void Every_property_a_view_reads_exists_on_its_type(string name)
    {
        XElement view = View(name);
        Type type = SelectedType(view);
        var read = view.Descendants("PropertyName").Select(p => p.Value)
            .Concat(view.Descendants("ScriptBlock").SelectMany(s => PipelineProperty().Matches(s.Value).Select(m => m.Groups[1].Value)))
            .Distinct()
            .ToArray();

        Assert.NotEmpty(read);
        Assert.All(read, property => Assert.NotNull(type.GetProperty(property, BindingFlags.Public | BindingFlags.Instance)));
    }

    [Theory]
    [MemberData(nameof(ViewNames))]
    public void Table_views_have_a_header_for_every_column(string name)
    {
        XElement? table = View(name).Element("TableControl");
        if (table is null)
        {
            return;
        }

        int headers = table.Descendants("TableColumnHeader").Count();
        Assert.All(table.Descendants("TableColumnItems"), items => Assert.Equal(headers, items.Elements("TableColumnItem").Count()));
        // Four to six columns keep a table readable; a job's table also needs its Id and State (seven).
        Assert.InRange(headers, 3, 7);
    }

    [Fact]
    public void The_types_cmdlets_emit_have_table_views()
    {
        var tables = Format.Descendants("View")
            .Where(v => v.Element("TableControl") != null)
            .Select(v => (string)v.Element("ViewSelectedBy")!.Element("TypeName")!)
            .ToHashSet();

        Assert.Contains("TorrentPS.TorrentInfo", tables);
        Assert.Contains("TorrentPS.TorrentFile", tables);
        Assert.Contains("TorrentPS.MagnetLink", tables);
        Assert.Contains("TorrentPS.TorrentDownloadJob", tables);
        Assert.Contains("TorrentPS.TorrentDownloadResult", tables);
        Assert.Contains("TorrentPS.TorrentSeedJob", tables);
        Assert.Contains("TorrentPS.TorrentSeedResult", tables);
        Assert.Contains("TorrentPS.TrackerAnnounceResult", tables);
        Assert.Contains("TorrentPS.TrackerScrapeResult", tables);
        Assert.Contains("TorrentPS.TrackerPeer", tables);
        Assert.Contains("TorrentPS.TorrentFileCheck", tables);
        Assert.Contains("TorrentPS.DataCheckResult", tables);
        Assert.Contains("TorrentPS.TorrentPeer", tables);
        Assert.Contains(Format.Descendants("View"), v => v.Element("ListControl") != null && (string)v.Element("ViewSelectedBy")!.Element("TypeName")! == "TorrentPS.TorrentInfo");
    }

    [GeneratedRegex(@"\$_\.(\w+)")]
    private static partial Regex PipelineProperty();
}
