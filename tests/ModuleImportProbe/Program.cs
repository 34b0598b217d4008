using System.Management.Automation;
using System.Reflection;
using System.Runtime.Versioning;
using System.Text.Json;

// Usage: ModuleImportProbe <module folder> <info hash> <binary module>...
// Imports the binary modules in the order given (the manifest's NestedModules, then its RootModule) with
// Import-Module's steps for each (PSSnapInHelpers.AnalyzeModuleAssemblyWithReflection in PowerShell): load the
// assembly from its path, list its public types, run every IModuleAssemblyInitializer among them. Then it reads
// the cmdlets as PowerShell does when they are first used (parameter and output types: engine types) and runs
// engine code through them.
if (args.Length < 3)
{
    Console.Error.WriteLine("usage: ModuleImportProbe <module folder> <info hash> <binary module>...");
    return 2;
}

string moduleFolder = Path.GetFullPath(args[0]);
var exported = new List<Type>();
try
{
    foreach (string binaryModule in args.Skip(2))
    {
        Type[] types = Assembly.LoadFrom(Path.Combine(moduleFolder, binaryModule)).GetExportedTypes();
        foreach (Type type in types.Where(t => !t.IsAbstract && typeof(IModuleAssemblyInitializer).IsAssignableFrom(t)))
        {
            ((IModuleAssemblyInitializer)Activator.CreateInstance(type)!).OnImport();
        }

        exported.AddRange(types);
    }
}
catch (Exception e)
{
    Console.Error.WriteLine($"Import failed: {e.GetType().FullName}: {e.Message}");
    return 1;
}

var cmdlets = exported.Where(t => t.IsSubclassOf(typeof(Cmdlet))).ToArray();
var parameterTypes = cmdlets
    .SelectMany(c => c.GetProperties())
    .Where(p => p.CustomAttributes.Any(a => a.AttributeType == typeof(ParameterAttribute)))
    .Select(p => p.PropertyType)
    .ToArray();
var outputTypes = cmdlets
    .SelectMany(c => c.CustomAttributes.Where(a => a.AttributeType == typeof(OutputTypeAttribute)))
    .SelectMany(a => a.ConstructorArguments)
    .SelectMany(arg => arg.Value is IEnumerable<CustomAttributeTypedArgument> many ? many.Select(m => m.Value) : [arg.Value])
    .OfType<Type>()
    .ToArray();

// Engine code, run through the assembly the cmdlets were bound to rather than a fresh lookup.
Assembly engine = outputTypes.Concat(parameterTypes).Select(t => t.Assembly).First(a => a.GetName().Name == "TorrentPS.Engine");
Type infoHash = engine.GetType("TorrentPS.InfoHash", throwOnError: true)!;
string? roundTrip = infoHash.GetMethod("Parse", [typeof(string)])!.Invoke(null, [args[1]])!.ToString();

var report = new
{
    Engine = engine.Location,
    EngineFramework = engine.GetCustomAttribute<TargetFrameworkAttribute>()?.FrameworkName,
    Cmdlets = cmdlets.Length,
    ParameterTypes = parameterTypes.Length,
    OutputTypes = outputTypes.Length,
    RoundTrip = roundTrip,
    LoadedFromModule = AppDomain.CurrentDomain.GetAssemblies()
        .Where(a => !a.IsDynamic && a.Location.StartsWith(moduleFolder, StringComparison.Ordinal))
        .Select(a => Path.GetRelativePath(moduleFolder, a.Location))
        .Order(StringComparer.Ordinal)
        .ToArray(),
};
Console.WriteLine(JsonSerializer.Serialize(report));
return 0;
