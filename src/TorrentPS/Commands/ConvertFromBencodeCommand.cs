using System;
using System.Collections.Specialized;
using System.IO;
using System.Management.Automation;
using TorrentPS.Bencode;

namespace TorrentPS.PowerShell.Commands
{
    /// <summary>
    /// ConvertFrom-Bencode: bencoded bytes to ordered dictionaries, arrays, strings, byte arrays and integers,
    /// in the manner of ConvertFrom-Json. The conversion is BencodeObjectConverter's.
    /// </summary>
    [Cmdlet(VerbsData.ConvertFrom, "Bencode", DefaultParameterSetName = InputObjectSet)]
    [OutputType(typeof(OrderedDictionary), typeof(object[]), typeof(string), typeof(byte[]), typeof(long))]
    public sealed class ConvertFromBencodeCommand : PSCmdlet
    {
        private const string InputObjectSet = "InputObject";
        private const string PathSet = "Path";
        private const string LiteralPathSet = "LiteralPath";

        // Piping a byte[] delivers it one byte at a time (PowerShell enumerates arrays), so input is
        // collected here and decoded once in EndProcessing, the way ConvertFrom-Json joins piped lines.
        private readonly MemoryStream _input = new MemoryStream();
        private bool _received;
        private FileSystemPathResolver? _resolver;

        /// <summary>Bencoded bytes: a byte[] given as an argument or wrapped (,$bytes), or bytes piped one by one.</summary>
        [Parameter(Mandatory = true, ParameterSetName = InputObjectSet, ValueFromPipeline = true)]
        [AllowEmptyCollection]
        public byte[] InputObject { get; set; } = Array.Empty<byte>();

        /// <summary>Files holding one bencoded value each; wildcards expand.</summary>
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = PathSet, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        [SupportsWildcards]
        public string[] Path { get; set; } = Array.Empty<string>();

        /// <summary>Files used exactly as written; Get-ChildItem output binds here through PSPath.</summary>
        [Parameter(Mandatory = true, ParameterSetName = LiteralPathSet, ValueFromPipelineByPropertyName = true)]
        [Alias("PSPath", "LP")]
        [ValidateNotNullOrEmpty]
        public string[] LiteralPath { get; set; } = Array.Empty<string>();

        /// <summary>Keep every byte-string value as byte[], even when it is valid UTF-8 text.</summary>
        [Parameter]
        public SwitchParameter AsByteArray { get; set; }

        protected override void BeginProcessing()
        {
            _resolver = new FileSystemPathResolver(this, ErrorRecords.FileNotFound);
        }

        protected override void ProcessRecord()
        {
            switch (ParameterSetName)
            {
                case InputObjectSet:
                    _received = true;
                    _input.Write(InputObject, 0, InputObject.Length);

                    break;

                case PathSet:
                case LiteralPathSet:
                    bool literal = ParameterSetName == LiteralPathSet;
                    foreach (string path in literal ? LiteralPath : Path)
                    {
                        foreach (string file in _resolver!.ResolveFiles(path, literal))
                        {
                            ConvertFile(file);
                        }
                    }

                    break;
            }
        }

        protected override void EndProcessing()
        {
            if (ParameterSetName != InputObjectSet || !_received)
            {
                return;
            }

            var data = new ReadOnlyMemory<byte>(_input.GetBuffer(), 0, (int)_input.Length);
            try
            {
                foreach (object value in BencodeObjectConverter.ToObjects(data, AsByteArray.IsPresent))
                {
                    WriteObject(value);
                }
            }
            catch (BencodeException e)
            {
                WriteError(ErrorRecords.Create(e, ErrorRecords.InvalidBencode, ErrorCategory.InvalidData, null));
            }
        }

        private void ConvertFile(string file)
        {
            WriteVerbose($"Reading bencode from '{file}'.");
            try
            {
                BValue value = BencodeDecoder.Decode(File.ReadAllBytes(file));
                WriteObject(BencodeObjectConverter.ToObject(value, AsByteArray.IsPresent));
            }
            catch (BencodeException e)
            {
                WriteError(ErrorRecords.Create(e, ErrorRecords.InvalidBencode, ErrorCategory.InvalidData, file));
            }
            catch (Exception e) when (ErrorRecords.IsFileAccessError(e))
            {
                WriteError(ErrorRecords.ForRead(e, file, ErrorRecords.FileNotFound));
            }
        }
    }
}
