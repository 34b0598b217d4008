using System.Reflection;
using System.Runtime.Loader;

namespace TorrentPS.Module.Tests;

/// <summary>
/// TorrentPS.dll is compiled against the netstandard2.0 engine and runs on the net8.0 one in PowerShell 7.4 and
/// later, and scripts use engine types by name in both: the two staged builds must offer the same public surface.
/// </summary>
public class EngineBuildSurfaceTests
{
    [Fact]
    public void The_two_staged_engine_builds_have_the_same_public_types_and_members()
    {
        string[] netStandard = PublicSurface(Path.Combine(RepoPaths.StagedModule, "lib", "netstandard2.0"));
        string[] net8 = PublicSurface(Path.Combine(RepoPaths.StagedModule, "lib", "net8.0"));

        Assert.NotEmpty(net8);
        Assert.Equal(netStandard.Except(net8), []);
        Assert.Equal(net8.Except(netStandard), []);
    }

    /// <summary>
    /// Every public type with its base and interfaces, and every public or protected member as .NET prints it,
    /// read from the engine in a load context of its own that takes its packages from the same folder.
    /// </summary>
    private static string[] PublicSurface(string folder)
    {
        var context = new AssemblyLoadContext("engine-surface-" + Path.GetFileName(folder), isCollectible: true);
        context.Resolving += (ctx, name) =>
        {
            string candidate = Path.Combine(folder, name.Name + ".dll");
            return File.Exists(candidate) ? ctx.LoadFromAssemblyPath(candidate) : null;
        };
        try
        {
            Assembly engine = context.LoadFromAssemblyPath(Path.Combine(folder, "TorrentPS.Engine.dll"));
            const BindingFlags Declared = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
            return engine.GetExportedTypes()
                .SelectMany(type => type.GetMembers(Declared)
                    .Where(IsVisible)
                    .Select(member => $"{type.FullName} :: {member.MemberType} {member}")
                    .Append($"{type.FullName} : {type.BaseType} {string.Join(", ", type.GetInterfaces().Select(i => i.ToString()).Order(StringComparer.Ordinal))}"))
                .Order(StringComparer.Ordinal)
                .ToArray();
        }
        finally
        {
            context.Unload();
        }
    }

    private static bool IsVisible(MemberInfo member) => member switch
    {
        MethodBase method => method.IsPublic || method.IsFamily || method.IsFamilyOrAssembly,
        FieldInfo field => field.IsPublic || field.IsFamily || field.IsFamilyOrAssembly,
        PropertyInfo property => property.GetAccessors(nonPublic: true).Any(IsVisible),
        EventInfo @event => @event.AddMethod is { } add && IsVisible(add),
        Type nested => nested.IsNestedPublic || nested.IsNestedFamily || nested.IsNestedFamORAssem,
        _ => false,
    };
}
