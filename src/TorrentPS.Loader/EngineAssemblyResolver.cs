using System;
using System.IO;
using System.Reflection;

namespace TorrentPS.PowerShell.Loading
{
    /// <summary>
    /// Serves the engine build for this runtime (and, on .NET Framework, the packages it needs) from
    /// lib/&lt;framework&gt; when the runtime cannot find them next to TorrentPS.dll, which it never can.
    /// One registration per process, however many runspaces import the module. It is never removed:
    /// assemblies cannot be unloaded, and a runspace that still has the module (or a job still running after
    /// Remove-Module) may load one of the packages later.
    /// </summary>
    internal static class EngineAssemblyResolver
    {
        private static readonly object Gate = new object();

        private static volatile string? _folder;

        /// <summary>
        /// Hooks assembly resolution and loads the engine at once, so that its types are usable from scripts
        /// (<c>[TorrentPS.InfoHash]::Parse(...)</c>) right after Import-Module, as RequiredAssemblies would make them.
        /// </summary>
        public static Assembly Register(string moduleFolder, Version runtimeVersion)
        {
            lock (Gate)
            {
                if (_folder == null)
                {
                    string folder = EngineBuild.FolderIn(moduleFolder, runtimeVersion);
                    if (!File.Exists(PathOf(folder, EngineBuild.EngineAssemblyName)))
                    {
                        throw new FileNotFoundException(
                            $"The TorrentPS module is incomplete: '{PathOf(folder, EngineBuild.EngineAssemblyName)}' is missing. Reinstall the module.",
                            PathOf(folder, EngineBuild.EngineAssemblyName));
                    }

                    _folder = folder;
                    AppDomain.CurrentDomain.AssemblyResolve += Resolve;
                }

                return Assembly.LoadFrom(PathOf(_folder, EngineBuild.EngineAssemblyName));
            }
        }

        /// <summary>
        /// Any assembly the folder holds, matched by simple name: .NET Framework has no binding redirects for a
        /// module, so System.Memory asked for at one version is served at the version shipped.
        /// </summary>
        private static Assembly? Resolve(object? sender, ResolveEventArgs args)
        {
            string? folder = _folder;
            string? name = new AssemblyName(args.Name).Name;
            if (folder == null || string.IsNullOrEmpty(name))
            {
                return null;
            }

            string candidate = PathOf(folder, name!);
            return File.Exists(candidate) ? Assembly.LoadFrom(candidate) : null;
        }

        private static string PathOf(string folder, string assemblyName) => Path.Combine(folder, assemblyName + ".dll");
    }
}
