namespace TorrentPS.Module.Tests.Help;

/// <summary>
/// One cmdlet's help as PlatyPS 0.14 models it on the way from markdown to MAML. Text is already split into
/// the paragraphs that become maml:para elements (an empty list means the section was absent).
/// </summary>
internal sealed record CommandHelp(
    string Name,
    IReadOnlyList<string> Synopsis,
    IReadOnlyList<string> Description,
    IReadOnlyList<IReadOnlyList<ParameterHelp>> Syntax,
    IReadOnlyList<ParameterHelp> Parameters,
    IReadOnlyList<TypeHelp> Inputs,
    IReadOnlyList<TypeHelp> Outputs,
    IReadOnlyList<string> Notes,
    IReadOnlyList<ExampleHelp> Examples,
    IReadOnlyList<LinkHelp> Links)
{
    public string Verb => Name.Split('-')[0];

    public string Noun => Name[Math.Min(Verb.Length + 1, Name.Length)..];
}

/// <summary>A parameter as one of its yaml blocks describes it (a parameter has one block per distinct metadata).</summary>
internal sealed record ParameterHelp(
    string Name,
    IReadOnlyList<string> Description,
    string? Type,
    IReadOnlyList<string> ParameterSets,
    IReadOnlyList<string> Aliases,
    IReadOnlyList<string> AcceptedValues,
    bool Required,
    string Position,
    string? DefaultValue,
    string PipelineInput,
    bool Globbing)
{
    public bool IsSwitch => string.Equals(Type, "SwitchParameter", StringComparison.OrdinalIgnoreCase)
        || string.Equals(Type, "switch", StringComparison.OrdinalIgnoreCase);

    /// <summary>The type name MAML shows: switches always as SwitchParameter.</summary>
    public string MamlType => Type is null ? string.Empty : IsSwitch ? "SwitchParameter" : Type;
}

internal sealed record TypeHelp(string TypeName, IReadOnlyList<string> Description);

internal sealed record ExampleHelp(string Title, string Code, IReadOnlyList<string> Remarks);

/// <summary>A related link; Uri is empty when the target is not an absolute URI (Get-Help rejects relative ones).</summary>
internal sealed record LinkHelp(string Text, string Uri);
