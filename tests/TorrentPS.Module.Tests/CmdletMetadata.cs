using System.Collections.ObjectModel;
using System.Management.Automation;
using System.Reflection;

namespace TorrentPS.Module.Tests;

/// <summary>
/// A cmdlet's declared surface, read from raw attribute metadata (CustomAttributeData). The PowerShellStandard
/// assembly loaded at test time is a stub whose attribute properties read back empty, so attributes are never
/// instantiated here.
/// </summary>
internal sealed class CmdletMetadata
{
    public const string AllParameterSets = "__AllParameterSets";

    private CmdletMetadata(Type type, CustomAttributeData cmdlet)
    {
        Type = type;
        Verb = (string)cmdlet.ConstructorArguments[0].Value!;
        Noun = (string)cmdlet.ConstructorArguments[1].Value!;
        DefaultParameterSetName = Named<string>(cmdlet, nameof(CmdletAttribute.DefaultParameterSetName));
        SupportsShouldProcess = Named<bool>(cmdlet, nameof(CmdletAttribute.SupportsShouldProcess));
        OutputTypes = type.GetCustomAttributesData()
            .Where(a => a.AttributeType == typeof(OutputTypeAttribute))
            .Select(OutputTypeDeclaration.From)
            .ToArray();
        Parameters = type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Select(ParameterMetadata.From)
            .Where(p => p != null)
            .Select(p => p!)
            .ToArray();
    }

    public Type Type { get; }

    public string Verb { get; }

    public string Noun { get; }

    public string Name => $"{Verb}-{Noun}";

    public string? DefaultParameterSetName { get; }

    public bool SupportsShouldProcess { get; }

    public IReadOnlyList<OutputTypeDeclaration> OutputTypes { get; }

    public IReadOnlyList<ParameterMetadata> Parameters { get; }

    /// <summary>The named parameter sets, or just __AllParameterSets when the cmdlet has none.</summary>
    public IReadOnlyList<string> ParameterSetNames
    {
        get
        {
            var names = Parameters.SelectMany(p => p.Sets).Select(s => s.Name).Where(n => n != AllParameterSets).Distinct().ToList();
            return names.Count > 0 ? names : [AllParameterSets];
        }
    }

    public ParameterMetadata Parameter(string name)
        => Parameters.SingleOrDefault(p => p.Name == name) ?? throw new Xunit.Sdk.XunitException($"{Name} has no -{name} parameter.");

    public static IReadOnlyList<CmdletMetadata> All { get; } = typeof(TorrentPS.PowerShell.Commands.GetTorrentInfoCommand).Assembly
        .GetTypes()
        .Select(t => (Type: t, Attribute: t.GetCustomAttributesData().SingleOrDefault(a => a.AttributeType == typeof(CmdletAttribute))))
        .Where(x => x.Attribute != null)
        .Select(x => new CmdletMetadata(x.Type, x.Attribute!))
        .OrderBy(c => c.Name, StringComparer.Ordinal)
        .ToArray();

    public static CmdletMetadata Get(string name)
        => All.SingleOrDefault(c => c.Name == name) ?? throw new Xunit.Sdk.XunitException($"No cmdlet {name} in TorrentPS.dll.");

    internal static T? Named<T>(CustomAttributeData attribute, string name)
    {
        foreach (CustomAttributeNamedArgument argument in attribute.NamedArguments)
        {
            if (argument.MemberName == name)
            {
                return (T?)argument.TypedValue.Value;
            }
        }

        return default;
    }

    /// <summary>Values of a params-array constructor argument or array-valued named argument.</summary>
    internal static IEnumerable<object?> ArrayValues(object? value)
        => value is ReadOnlyCollection<CustomAttributeTypedArgument> items ? items.Select(i => i.Value) : [value];

    public override string ToString() => Name;
}

internal sealed record OutputTypeDeclaration(IReadOnlyList<string> TypeNames, IReadOnlyList<Type> Types, IReadOnlyList<string> ParameterSets)
{
    public static OutputTypeDeclaration From(CustomAttributeData attribute)
    {
        var types = new List<Type>();
        var names = new List<string>();
        foreach (CustomAttributeTypedArgument argument in attribute.ConstructorArguments)
        {
            foreach (object? value in CmdletMetadata.ArrayValues(argument.Value))
            {
                if (value is Type type)
                {
                    types.Add(type);
                    names.Add(type.FullName!);
                }
                else if (value is string name)
                {
                    names.Add(name);
                }
            }
        }

        var sets = attribute.NamedArguments
            .Where(a => a.MemberName == nameof(OutputTypeAttribute.ParameterSetName))
            .SelectMany(a => CmdletMetadata.ArrayValues(a.TypedValue.Value))
            .Cast<string>()
            .ToArray();
        return new OutputTypeDeclaration(names, types, sets);
    }
}

internal sealed record ParameterSetDeclaration(string Name, bool Mandatory, int? Position, bool ValueFromPipeline, bool ValueFromPipelineByPropertyName);

internal sealed class ParameterMetadata
{
    private ParameterMetadata(PropertyInfo property, IReadOnlyList<ParameterSetDeclaration> sets)
    {
        Property = property;
        Sets = sets;
        var attributes = property.GetCustomAttributesData();
        Aliases = attributes
            .Where(a => a.AttributeType == typeof(AliasAttribute))
            .SelectMany(a => a.ConstructorArguments.SelectMany(arg => CmdletMetadata.ArrayValues(arg.Value)))
            .Cast<string>()
            .ToArray();
        SupportsWildcards = attributes.Any(a => a.AttributeType == typeof(SupportsWildcardsAttribute));
        AttributeTypes = attributes.Select(a => a.AttributeType).ToArray();
    }

    public PropertyInfo Property { get; }

    public string Name => Property.Name;

    public Type Type => Property.PropertyType;

    public bool IsSwitch => Type == typeof(SwitchParameter);

    public IReadOnlyList<ParameterSetDeclaration> Sets { get; }

    public IReadOnlyList<string> Aliases { get; }

    public bool SupportsWildcards { get; }

    public IReadOnlyList<Type> AttributeTypes { get; }

    public bool ValueFromPipeline => Sets.Any(s => s.ValueFromPipeline);

    public bool ValueFromPipelineByPropertyName => Sets.Any(s => s.ValueFromPipelineByPropertyName);

    public static ParameterMetadata? From(PropertyInfo property)
    {
        var sets = property.GetCustomAttributesData()
            .Where(a => a.AttributeType == typeof(ParameterAttribute))
            .Select(a => new ParameterSetDeclaration(
                CmdletMetadata.Named<string>(a, nameof(ParameterAttribute.ParameterSetName)) ?? CmdletMetadata.AllParameterSets,
                CmdletMetadata.Named<bool>(a, nameof(ParameterAttribute.Mandatory)),
                a.NamedArguments.Any(n => n.MemberName == nameof(ParameterAttribute.Position)) ? CmdletMetadata.Named<int>(a, nameof(ParameterAttribute.Position)) : null,
                CmdletMetadata.Named<bool>(a, nameof(ParameterAttribute.ValueFromPipeline)),
                CmdletMetadata.Named<bool>(a, nameof(ParameterAttribute.ValueFromPipelineByPropertyName))))
            .ToArray();
        return sets.Length == 0 ? null : new ParameterMetadata(property, sets);
    }

    public override string ToString() => "-" + Name;
}
