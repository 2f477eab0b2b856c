/**
 * Names of issuing bodies as people write them: 山西省工业和信息化厅 is also 省工业和信息化厅,
 * 山西省工信厅, 省工信厅 and 工信厅; 山西省人民政府 is also 省政府.
 */
import { removeCjkSpaces } from '../text/normalize.js';
import { foldToSimplified } from '../text/script.js';

/** Simplified, one width, no spaces between Chinese characters: how names are compared. */
export function comparableName(text: string): string {
  return removeCjkSpaces(foldToSimplified(text.normalize('NFKC'))).replace(/\s+/g, ' ').trim();
}

/** Long forms of Chinese government bodies and how they are commonly shortened. */
const SHORT_FORMS: Array<[string, string]> = [
  ['人民政府办公厅', '政府办公厅'],
  ['人民政府办公室', '政府办公室'],
  ['人民政府', '政府'],
  ['工业和信息化厅', '工信厅'],
  ['工业和信息化局', '工信局'],
  ['发展和改革委员会', '发改委'],
  ['科学技术厅', '科技厅'],
  ['科学技术局', '科技局'],
  ['人力资源和社会保障厅', '人社厅'],
  ['住房和城乡建设厅', '住建厅'],
  ['交通运输厅', '交通厅'],
  ['农业农村厅', '农业农村厅'],
  ['市场监督管理局', '市场监管局'],
  ['国有资产监督管理委员会', '国资委'],
  ['地方金融监督管理局', '金融监管局'],
  ['生态环境厅', '生态环境厅'],
  ['能源局', '能源局'],
];

/** The ways a question may name an issuer: 山西省工业和信息化厅, 省工业和信息化厅, 山西省工信厅, 省工信厅, 工信厅. */
export function issuerAliases(issuer: string): string[] {
  const full = comparableName(issuer);
  const names = new Set([full]);
  for (const [long, short] of SHORT_FORMS) if (full.includes(long)) names.add(full.replace(long, short));
  for (const name of [...names]) {
    const province = /^(?:中共)?(\p{Script=Han}{2,3}?)省(.+)$/u.exec(name);
    if (province) {
      names.add(`省${province[2]}`);
      // The body alone ("工信厅") says which body it is; "人民政府" alone could be any government's.
      if ([...province[2]!].length >= 3 && !province[2]!.includes('政府')) names.add(province[2]!);
    }
  }
  return [...names].filter((n) => [...n].length >= 3);
}

