using System.Text;
using System.Xml;
using System.Xml.Linq;

namespace TorrentPS.Module.Tests.Help;

/// <summary>
/// Writes commands as a MAML help file (&lt;Module&gt;.dll-Help.xml) in the layout PlatyPS 0.14's MamlRenderer
/// produces, element for element, so Get-Help shows the same thing whichever of the two compiled it.
/// </summary>
internal static class MamlWriter
{
    public static readonly XNamespace Msh = "http://msh";
    public static readonly XNamespace Maml = "http://schemas.microsoft.com/maml/2004/10";
    public static readonly XNamespace Command = "http://schemas.microsoft.com/maml/dev/command/2004/10";
    public static readonly XNamespace Dev = "http://schemas.microsoft.com/maml/dev/2004/10";
    public static readonly XNamespace MSHelp = "http://msdn.microsoft.com/mshelp";

    /// <summary>The file's text: UTF-8 declaration, two-space indentation, "\n" line ends, a final newline.</summary>
    public static string Write(IEnumerable<CommandHelp> commands)
    {
        var document = new XDocument(
            new XDeclaration("1.0", "utf-8", null),
            new XElement(Msh + "helpItems", new XAttribute("schema", "maml"), commands.Select(CommandElement)));

        var settings = new XmlWriterSettings
        {
            Indent = true,
            IndentChars = "  ",
            NewLineChars = "\n",
            NewLineHandling = NewLineHandling.Replace,
        };
        using var text = new Utf8StringWriter();
        using (var writer = XmlWriter.Create(text, settings))
        {
            document.Save(writer);
        }

        // PlatyPS turns non-breaking spaces into plain ones: the help engine wraps text only at spaces.
        return text.ToString().Replace('\u00a0', ' ') + "\n";
    }

    private static XElement CommandElement(CommandHelp command) => new(
        Command + "command",
        new XAttribute(XNamespace.Xmlns + "maml", Maml),
        new XAttribute(XNamespace.Xmlns + "command", Command),
        new XAttribute(XNamespace.Xmlns + "dev", Dev),
        new XAttribute(XNamespace.Xmlns + "MSHelp", MSHelp),
        new XElement(
            Command + "details",
            new XElement(Command + "name", command.Name),
            new XElement(Command + "verb", command.Verb),
            new XElement(Command + "noun", command.Noun),
            new XElement(Maml + "description", Paragraphs(command.Synopsis))),
        new XElement(Maml + "description", Paragraphs(command.Description)),
        new XElement(Command + "syntax", command.Syntax.Select(item => new XElement(
            Command + "syntaxItem",
            new XElement(Maml + "name", command.Name),
            item.Select(p => ParameterElement(p, inSyntax: true))))),
        new XElement(Command + "parameters", command.Parameters.Select(p => ParameterElement(p, inSyntax: false))),
        new XElement(Command + "inputTypes", command.Inputs.Select(t => TypeElement("inputType", t))),
        new XElement(Command + "returnValues", command.Outputs.Select(t => TypeElement("returnValue", t))),
        new XElement(Maml + "alertSet", new XElement(Maml + "alert", Paragraphs(command.Notes))),
        new XElement(Command + "examples", command.Examples.Select(ExampleElement)),
        new XElement(Command + "relatedLinks", command.Links.Select(link => new XElement(
            Maml + "navigationLink",
            new XElement(Maml + "linkText", link.Text),
            new XElement(Maml + "uri", link.Uri)))));

    /// <summary>
    /// In a syntax item a switch has no parameterValue (Get-Help would show "-Force &lt;SwitchParameter&gt;"),
    /// and accepted values are listed there, where Get-Help prints them as {A | B}.
    /// </summary>
    private static XElement ParameterElement(ParameterHelp parameter, bool inSyntax) => new(
        Command + "parameter",
        new XAttribute("required", Bool(parameter.Required)),
        new XAttribute("variableLength", "true"),
        new XAttribute("globbing", Bool(parameter.Globbing)),
        new XAttribute("pipelineInput", parameter.PipelineInput),
        new XAttribute("position", parameter.Position.ToLowerInvariant()),
        new XAttribute("aliases", parameter.Aliases.Count > 0 ? string.Join(", ", parameter.Aliases) : "none"),
        new XElement(Maml + "name", parameter.Name),
        new XElement(Maml + "description", Paragraphs(parameter.Description)),
        inSyntax && parameter.AcceptedValues.Count > 0
            ? new XElement(Command + "parameterValueGroup", parameter.AcceptedValues.Select(value => new XElement(
                Command + "parameterValue",
                new XAttribute("required", "false"),
                new XAttribute(Command + "variableLength", "false"),
                value)))
            : null,
        inSyntax && parameter.IsSwitch
            ? null
            : new XElement(
                Command + "parameterValue",
                new XAttribute("required", Bool(!parameter.IsSwitch)),
                new XAttribute("variableLength", "false"),
                parameter.MamlType),
        new XElement(Dev + "type", new XElement(Maml + "name", parameter.MamlType), new XElement(Maml + "uri")),
        new XElement(Dev + "defaultValue", DefaultValue(parameter)));

    private static string DefaultValue(ParameterHelp parameter)
        => parameter.IsSwitch && (string.IsNullOrEmpty(parameter.DefaultValue) || parameter.DefaultValue == "None")
            ? "False"
            : parameter.DefaultValue ?? "None";

    private static XElement TypeElement(string element, TypeHelp type) => new(
        Command + element,
        new XElement(Dev + "type", new XElement(Maml + "name", type.TypeName)),
        new XElement(Maml + "description", Paragraphs(type.Description)));

    private static XElement ExampleElement(ExampleHelp example) => new(
        Command + "example",
        new XElement(Maml + "title", example.Title),
        new XElement(Dev + "code", example.Code),
        new XElement(Dev + "remarks", Paragraphs(example.Remarks)));

    private static IEnumerable<XElement> Paragraphs(IEnumerable<string> paragraphs)
        => paragraphs.Select(p => new XElement(Maml + "para", p));

    private static string Bool(bool value) => value ? "true" : "false";

    /// <summary>A StringWriter whose XML declaration says utf-8 (the file is written as UTF-8).</summary>
    private sealed class Utf8StringWriter : StringWriter
    {
        public Utf8StringWriter()
            : base(System.Globalization.CultureInfo.InvariantCulture)
        {
        }

        public override Encoding Encoding => Encoding.UTF8;
    }
}
