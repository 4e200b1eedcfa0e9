// The extension id follows from the public key in manifest.json; the host accepts only these.
export const EXTENSION_IDS = ['lliijecdkledcfemcpmgfegalglgbedd'] as const;

export const HOST_NAME = 'com.safedisk.host';

export function extensionOrigin(id: string): string {
	return `chrome-extension://${id}/`;
}
