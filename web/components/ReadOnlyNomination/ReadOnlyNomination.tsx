/** A nomination as reviewers (county, city, auditor) see it for now: every field, read only. */
import { CATEGORY_LABELS } from '#shared/campaign';
import { FIELD_LABELS } from '#shared/forms';
import { type NominationView, STATUS_LABELS } from '#shared/nomination';
import { type Assessment, type FieldDef, fieldsOf } from '../../form-model.ts';

function shown(def: FieldDef, view: NominationView): string {
  if (def.kind === 'id') return view.idNumberMasked ?? '未填写';
  const v = (view.form as Record<string, unknown>)[def.field];
  if (v === undefined || v === null || v === '') return '未填写';
  if (def.kind === 'assessments') return (v as Assessment[]).map((a) => `${a.year}年 ${a.result}`).join('；');
  if (def.kind === 'declaration') return v === true ? '近五年无违法违纪问题' : '有违法违纪问题';
  return String(v);
}

export function ReadOnlyNomination({ view }: { view: NominationView }) {
  return (
    <>
      <section class="card nomination-record">
        <h1>{CATEGORY_LABELS[view.category]}推荐审批表</h1>
        <p class="meta">
          {view.unitName} · {view.regionName} · {STATUS_LABELS[view.status]}
        </p>
        <dl class="readonly">
          {fieldsOf(view.category).map((def) => (
            <div key={def.field}>
              <dt>{FIELD_LABELS[def.field]}</dt>
              <dd>{shown(def, view)}</dd>
            </div>
          ))}
        </dl>
      </section>
      {view.category === 'worker' && (
        <section class="card nomination-record">
          <h2>照片</h2>
          {view.photoUrl ? (
            <img class="photo-ok" src={view.photoUrl} alt="推荐对象照片" width={140} height={196} />
          ) : (
            <p class="hint">
              {view.photo?.status === 'refused' ? `未通过：${view.photo.reason ?? ''}` : '尚无通过审核的照片'}
            </p>
          )}
        </section>
      )}
    </>
  );
}
