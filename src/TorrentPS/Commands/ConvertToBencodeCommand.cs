using System;
using System.Collections.Generic;
using System.Collections.Specialized;
using System.IO;
using System.Management.Automation;
using TorrentPS.Bencode;

namespace TorrentPS.PowerShell.Commands
{
    /// <summary>
    /// ConvertTo-Bencode: dictionaries, lists, strings, byte arrays and integers to bencoded bytes, in the manner
    /// of ConvertTo-Json. The conversion is BencodeObjectConverter's; this class only strips PowerShell's
    /// wrappers and writes the result.
    /// </summary>
    [Cmdlet(VerbsData.ConvertTo, "Bencode", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(byte[]))]
    public sealed class ConvertToBencodeCommand : PSCmdlet
    {
        // Like ConvertTo-Json: one object in gives its encoding; several piped objects are written as one list.
        private readonly List<object> _inputs = new List<object>();

        /// <summary>The object to encode: a hashtable, [ordered] dictionary, PSCustomObject, array, string, byte[] or integer.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
        [AllowEmptyCollection]
        [AllowEmptyString]
        public object InputObject { get; set; } = string.Empty;

        /// <summary>Write the bytes to this file instead of the pipeline.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? OutFile { get; set; }

        protected override void ProcessRecord()
        {
            _inputs.Add(InputObject);
        }

        protected override void EndProcessing()
        {
            if (_inputs.Count == 0)
            {
                return;
            }

            object value = _inputs.Count == 1 ? _inputs[0] : _inputs.ToArray();
            byte[] encoded;
            try
            {
                encoded = BencodeObjectConverter.FromObject(value, Unwrap).Encode();
            }
            catch (ArgumentException e)
            {
                WriteError(ErrorRecords.Create(e, ErrorRecords.UnsupportedBencodeValue, ErrorCategory.InvalidArgument, value));
                return;
            }

            if (OutFile is null)
            {
                WriteObject(encoded);
                return;
            }

            string? path = new FileSystemPathResolver(this, ErrorRecords.FileNotFound).ResolveOutputPath(OutFile);
            if (path is null || !ShouldProcess(path, $"Write {encoded.Length} bytes of bencode"))
            {
                return;
            }

            try
            {
                File.WriteAllBytes(path, encoded);
            }
            catch (Exception e) when (ErrorRecords.IsFileAccessError(e))
            {
                ErrorCategory category = e is UnauthorizedAccessException ? ErrorCategory.PermissionDenied : ErrorCategory.WriteError;
                WriteError(ErrorRecords.Create(e, ErrorRecords.FileWriteError, category, path));
            }
        }

        // PSObject wraps most values in a pipeline; a PSCustomObject is written as a dictionary of its
        // properties, in their order, as ConvertTo-Json does.
        private static object? Unwrap(object value)
        {
            if (!(value is PSObject wrapped))
            {
                return value;
            }

            if (!(wrapped.BaseObject is PSCustomObject))
            {
                return wrapped.BaseObject;
            }

            var properties = new OrderedDictionary(StringComparer.Ordinal);
            foreach (PSPropertyInfo property in wrapped.Properties)
            {
                properties[property.Name] = property.Value;
            }

            return properties;
        }
    }
}
