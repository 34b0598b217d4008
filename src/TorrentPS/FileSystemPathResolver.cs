using System;
using System.Collections.Generic;
using System.IO;
using System.Management.Automation;

namespace TorrentPS.PowerShell
{
    /// <summary>
    /// Turns -Path and -LiteralPath arguments into file-system paths the way Get-FileHash does: wildcards
    /// expand through the provider, a wildcard that matches nothing is silently empty, a plain path that does
    /// not exist is an ObjectNotFound error, and paths on other providers (Registry, Cert, ...) are refused.
    /// Every problem is written as a non-terminating error so the rest of the pipeline goes on.
    /// </summary>
    internal sealed class FileSystemPathResolver
    {
        private const string FileSystemProviderName = "FileSystem";

        private readonly PSCmdlet _cmdlet;
        private readonly string _notFoundErrorId;

        public FileSystemPathResolver(PSCmdlet cmdlet, string notFoundErrorId)
        {
            _cmdlet = cmdlet;
            _notFoundErrorId = notFoundErrorId;
        }

        /// <summary>Expands a -Path argument (wildcards allowed) to the files it names.</summary>
        public IReadOnlyList<string> ResolvePath(string path)
        {
            bool hasWildcard = WildcardPattern.ContainsWildcardCharacters(path);
            IEnumerable<string> resolved;
            ProviderInfo provider;
            try
            {
                resolved = _cmdlet.SessionState.Path.GetResolvedProviderPathFromPSPath(path, out provider);
            }
            catch (ItemNotFoundException e)
            {
                if (!hasWildcard)
                {
                    WriteNotFound(e, path);
                }

                return Array.Empty<string>();
            }
            catch (System.Management.Automation.DriveNotFoundException e)
            {
                WriteNotFound(e, path);
                return Array.Empty<string>();
            }
            catch (SessionStateException e)
            {
                _cmdlet.WriteError(ErrorRecords.Create(e, ErrorRecords.InvalidPath, ErrorCategory.InvalidArgument, path));
                return Array.Empty<string>();
            }

            if (!IsFileSystem(provider, path))
            {
                return Array.Empty<string>();
            }

            var files = new List<string>();
            foreach (string candidate in resolved)
            {
                if (Directory.Exists(candidate))
                {
                    // "*" in a folder with sub-folders is normal; naming one folder explicitly is a mistake.
                    if (!hasWildcard)
                    {
                        WriteDirectory(candidate);
                    }

                    continue;
                }

                files.Add(candidate);
            }

            return files;
        }

        /// <summary>Resolves a -LiteralPath argument (no wildcards), or writes an error and returns null.</summary>
        public string? ResolveLiteralPath(string path)
        {
            string resolved;
            ProviderInfo provider;
            try
            {
                resolved = _cmdlet.SessionState.Path.GetUnresolvedProviderPathFromPSPath(path, out provider, out _);
            }
            catch (System.Management.Automation.DriveNotFoundException e)
            {
                WriteNotFound(e, path);
                return null;
            }
            catch (SessionStateException e)
            {
                _cmdlet.WriteError(ErrorRecords.Create(e, ErrorRecords.InvalidPath, ErrorCategory.InvalidArgument, path));
                return null;
            }

            if (!IsFileSystem(provider, path))
            {
                return null;
            }

            if (Directory.Exists(resolved))
            {
                WriteDirectory(resolved);
                return null;
            }

            if (!File.Exists(resolved))
            {
                WriteNotFound(new FileNotFoundException($"Cannot find the file '{resolved}' because it does not exist.", resolved), path);
                return null;
            }

            return resolved;
        }

        /// <summary>The files one -Path (<paramref name="literal"/> false) or -LiteralPath argument names; problems are written as errors.</summary>
        public IReadOnlyList<string> ResolveFiles(string path, bool literal)
        {
            if (!literal)
            {
                return ResolvePath(path);
            }

            string? file = ResolveLiteralPath(path);
            return file is null ? Array.Empty<string>() : new[] { file };
        }

        /// <summary>Resolves a path for a file that is about to be written (it need not exist yet).</summary>
        public string? ResolveOutputPath(string path)
        {
            string resolved;
            ProviderInfo provider;
            try
            {
                resolved = _cmdlet.SessionState.Path.GetUnresolvedProviderPathFromPSPath(path, out provider, out _);
            }
            catch (SessionStateException e)
            {
                _cmdlet.WriteError(ErrorRecords.Create(e, ErrorRecords.InvalidPath, ErrorCategory.InvalidArgument, path));
                return null;
            }

            return IsFileSystem(provider, path) ? resolved : null;
        }

        private bool IsFileSystem(ProviderInfo provider, string path)
        {
            if (string.Equals(provider?.Name, FileSystemProviderName, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }

            var error = new ArgumentException($"The path '{path}' is on the {provider?.Name ?? "unknown"} provider; only file-system paths are supported.");
            _cmdlet.WriteError(ErrorRecords.Create(error, ErrorRecords.NotFileSystemPath, ErrorCategory.InvalidArgument, path));
            return false;
        }

        private void WriteNotFound(Exception e, string path)
            => _cmdlet.WriteError(ErrorRecords.Create(e, _notFoundErrorId, ErrorCategory.ObjectNotFound, path));

        private void WriteDirectory(string path)
        {
            var error = new ArgumentException($"The path '{path}' is a directory, not a file. To read the files in it, pipe Get-ChildItem to this command.");
            _cmdlet.WriteError(ErrorRecords.Create(error, ErrorRecords.PathIsDirectory, ErrorCategory.InvalidArgument, path));
        }
    }
}
