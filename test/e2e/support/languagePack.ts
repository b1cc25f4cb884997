import { createHash } from 'node:crypto';
import { createWriteStream, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ZipFile } from 'yazl';

/**
 * Writes a language pack .vsix with no translations of its own. No real pack can be downloaded here,
 * and code-server switches an extension's language only when a pack for the locale is installed:
 * with this stub the workbench stays English but extensions run in `locale`.
 */
export async function writeStubLanguagePack(locale: string, file: string): Promise<void> {
  const id = locale.toLowerCase();
  const name = `e2e-language-pack-${id.replace(/[^a-z0-9-]/g, '-')}`;
  const manifest = {
    name,
    publisher: 'e2e',
    version: '0.0.1',
    engines: { vscode: '*' },
    categories: ['Language Packs'],
    contributes: {
      localizations: [{ languageId: id, languageName: id, localizedLanguageName: id, translations: [{ id: 'vscode', path: './translations/main.i18n.json' }] }],
    },
  };
  const vsixManifest = `<?xml version="1.0" encoding="utf-8"?>
<PackageManifest Version="2.0.0" xmlns="http://schemas.microsoft.com/developer/vsx-schema/2011">
  <Metadata>
    <Identity Language="en-US" Id="${name}" Version="0.0.1" Publisher="e2e"/>
    <DisplayName>${name}</DisplayName>
    <Description xml:space="preserve">Stub language pack for tests</Description>
    <Categories>Language Packs</Categories>
    <Properties><Property Id="Microsoft.VisualStudio.Code.Engine" Value="*"/></Properties>
  </Metadata>
  <Installation><InstallationTarget Id="Microsoft.VisualStudio.Code"/></Installation>
  <Dependencies/>
  <Assets><Asset Type="Microsoft.VisualStudio.Code.Manifest" Path="extension/package.json" Addressable="true"/></Assets>
</PackageManifest>
`;
  const contentTypes =
    '<?xml version="1.0" encoding="utf-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
    '<Default Extension=".json" ContentType="application/json"/><Default Extension=".vsixmanifest" ContentType="text/xml"/></Types>';
  const zip = new ZipFile();
  zip.addBuffer(Buffer.from(contentTypes), '[Content_Types].xml');
  zip.addBuffer(Buffer.from(vsixManifest), 'extension.vsixmanifest');
  zip.addBuffer(Buffer.from(JSON.stringify(manifest)), 'extension/package.json');
  zip.addBuffer(Buffer.from('{"version":"1.0.0","contents":{}}'), 'extension/translations/main.i18n.json');
  zip.end();
  await new Promise<void>((resolve, reject) => {
    zip.outputStream.pipe(createWriteStream(file)).on('close', resolve).on('error', reject);
  });
}

interface InstalledExtension {
  identifier: { id: string; uuid?: string };
  location?: { fsPath?: string; path?: string };
  relativeLocation?: string;
}

/**
 * Writes <user-data>/languagepacks.json the way a running server would after installing a pack;
 * the command-line install leaves it out, and without it the locale is ignored.
 */
export function writeLanguagePacksJson(userData: string, extensionsDir: string): void {
  const packs: Record<string, { hash: string; extensions: { extensionIdentifier: InstalledExtension['identifier']; version: string }[]; translations: Record<string, string>; label: string }> = {};
  const installed = JSON.parse(readFileSync(join(extensionsDir, 'extensions.json'), 'utf8')) as InstalledExtension[];
  for (const extension of installed) {
    const dir = extension.location?.fsPath ?? extension.location?.path ?? join(extensionsDir, extension.relativeLocation ?? '');
    const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as {
      version: string;
      contributes?: { localizations?: { languageId: string; localizedLanguageName?: string; languageName?: string; translations: { id: string; path: string }[] }[] };
    };
    for (const localization of manifest.contributes?.localizations ?? []) {
      const pack = (packs[localization.languageId] ??= {
        hash: '',
        extensions: [],
        translations: {},
        label: localization.localizedLanguageName ?? localization.languageName ?? localization.languageId,
      });
      pack.extensions.push({ extensionIdentifier: extension.identifier, version: manifest.version });
      for (const translation of localization.translations) {
        pack.translations[translation.id] = join(dir, translation.path);
      }
    }
  }
  for (const pack of Object.values(packs)) {
    const hash = createHash('md5');
    for (const { extensionIdentifier, version } of pack.extensions) {
      hash.update(extensionIdentifier.uuid ?? extensionIdentifier.id).update(version);
    }
    pack.hash = hash.digest('hex');
  }
  writeFileSync(join(userData, 'languagepacks.json'), JSON.stringify(packs));
}
