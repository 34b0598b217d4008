namespace TorrentPS.Module.Tests.Help;

/// <summary>One block of a section body: a paragraph, a list item or a fenced code block.</summary>
internal abstract record MarkdownBlock(int Line);

/// <summary>A paragraph or a list item: its source lines joined by single spaces, inline markdown still in place.</summary>
internal sealed record TextBlock(int Line, string Markdown, bool IsListItem) : MarkdownBlock(Line);

/// <summary>A fenced code block with its info string ("powershell", "yaml", "Output", ...).</summary>
internal sealed record CodeBlock(int Line, string Info, string Code) : MarkdownBlock(Line);
