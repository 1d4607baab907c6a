/**
 * Asks before an irreversible step: a small modal dialog naming the step and what follows it.
 * Accessible: role="dialog" with aria-modal, labelled and described; focus starts on 取消 (the
 * safe answer), Tab stays inside, Escape cancels, focus returns to the opener.
 * Lives in the process chunk (no <dialog>: older WebViews lack it).
 */
import { useEffect, useRef } from 'preact/hooks';
import { inLevels, type LevelNames, PUYANG_LEVELS } from '#shared/levels';

export interface Confirmation {
  /** The question: 确定报送县区吗？ */
  title: string;
  /** What follows the step, in a sentence or two. */
  body: string;
  /** The confirming button: 确认报送. */
  yes: string;
  danger?: boolean;
}

export function ConfirmDialog(props: Confirmation & { onYes: () => void; onNo: () => void }) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const opener = document.activeElement as HTMLElement | null;
    (box.current?.querySelector('button.cancel') as HTMLButtonElement | null)?.focus();
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') props.onNo();
      if (e.key !== 'Tab' || !box.current) return;
      const buttons = Array.from(box.current.querySelectorAll('button')) as HTMLButtonElement[];
      const first = buttons[0] as HTMLButtonElement;
      const last = buttons[buttons.length - 1] as HTMLButtonElement;
      if (e.shiftKey && document.activeElement === first) {
        e.preventDefault();
        last.focus();
      } else if (!e.shiftKey && document.activeElement === last) {
        e.preventDefault();
        first.focus();
      }
    };
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('keydown', onKey);
      opener?.focus?.();
    };
  }, []);
  return (
    <div class="overlay">
      <div
        ref={box}
        class="dialog"
        role="dialog"
        aria-modal="true"
        aria-labelledby="confirm-title"
        aria-describedby="confirm-body"
      >
        <h2 id="confirm-title">{props.title}</h2>
        <p id="confirm-body">{props.body}</p>
        <div class="row">
          <button type="button" class="cancel" onClick={props.onNo}>
            取消
          </button>
          <button type="button" class={props.danger ? 'danger' : 'primary'} onClick={props.onYes}>
            {props.yes}
          </button>
        </div>
      </div>
    </div>
  );
}

/**
 * The steps that cannot be taken back (or only by someone else), by workflow action: what the
 * dialog says before each. Test: every irreversible action of #shared/workflow has one.
 */
export const CONFIRMATIONS = {
  startUnitPublicity: {
    title: '确定开始单位公示吗？',
    body: '开始后推荐表锁定，不能再修改；公示期满后上传公示照片、登记公示结果。',
    yes: '确认开始公示',
  },
  closeUnitPublicity: {
    title: '确定结束单位公示吗？',
    body: '结束后登记的公示结果不能更改，也不能再上传公示照片；之后可报送县区。',
    yes: '确认结束公示',
  },
  submitToCounty: {
    title: '确定报送县区吗？',
    body: '报送后推荐材料交县区审核，单位不能再修改；如需修改，须由县区退回。',
    yes: '确认报送',
  },
  withdraw: {
    title: '确定撤回推荐吗？',
    body: '撤回后该推荐对象的流程结束，不能再报送，也不能恢复；撤回理由记入审计日志。',
    yes: '确认撤回',
    danger: true,
  },
  returnToUnit: {
    title: '确定退回推荐单位吗？',
    body: '退回后由推荐单位修改材料并重新报送；如已推荐，占用的名额随之释放。',
    yes: '确认退回',
    danger: true,
  },
  recommend: {
    title: '确定推荐吗？',
    body: '推荐后占用本县区该类别 1 个名额；之后随本县区名单一并报送市评选办。',
    yes: '确认推荐',
  },
  decline: {
    title: '确定不予推荐吗？',
    body: '不予推荐后该推荐对象的流程结束，不能恢复；理由记入审计日志，推荐单位可以看到。',
    yes: '确认不予推荐',
    danger: true,
  },
  submitToCity: {
    title: '确定报送市评选办吗？',
    body: '本县区已推荐的对象将全部报送市评选办审核；报送后县区不能再修改、退回或不予推荐。',
    yes: '确认报送',
  },
  returnToCounty: {
    title: '确定退回县区吗？',
    body: '退回后由县区重新审核，该对象占用的名额随之释放；理由记入审计日志。',
    yes: '确认退回',
    danger: true,
  },
  recordVote: {
    title: '确定登记评审表决结果吗？',
    body: '登记后按表决规则确定评审通过或未通过，结果不能修改；未通过的对象流程结束。',
    yes: '确认登记',
  },
  startCityPublicity: {
    title: '确定开始市级公示吗？',
    body: '开始后评审通过、尚未公示的对象将在公示页面向社会公示，公示期满且无异议后确定，不能撤回。',
    yes: '确认开始公示',
  },
  upholdObjection: {
    title: '确定认定异议成立吗？',
    body: '认定成立后该对象被撤销，流程结束，不能恢复；处理理由记入审计日志。',
    yes: '确认撤销',
    danger: true,
  },
  dismissObjection: {
    title: '确定认定异议不成立吗？',
    body: '认定不成立后该异议件办结，不能重新处理；处理理由记入审计日志。',
    yes: '确认办结',
  },
  confirm: {
    title: '确定正式确定名单吗？',
    body: '公示期满且无未办结异议的对象将被正式确定，之后不能再撤销或修改。',
    yes: '确认正式确定',
  },
} satisfies Record<string, Confirmation>;

/** The questions in the campaign's words: CONFIRMATIONS (the Puyang notice's) with `names` for 县区, 市评选办, 市级. */
export function confirmations(names: LevelNames): typeof CONFIRMATIONS {
  const said = Object.entries(CONFIRMATIONS).map(([action, c]) => [
    action,
    { ...c, title: inLevels(c.title, names), body: inLevels(c.body, names) },
  ]);
  return Object.fromEntries(said) as typeof CONFIRMATIONS;
}

/** The question before `action`, when it is one that cannot be taken back, in the campaign's words. */
export const confirmationOf = (action: string, names: LevelNames = PUYANG_LEVELS): Confirmation | undefined =>
  (confirmations(names) as Record<string, Confirmation>)[action];
